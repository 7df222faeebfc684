// --grpc_channel_arguments as TF Serving parses it: comma-separated key=value, integers as numbers; keys the
// grpc-js server never reads are reported, not applied.
import { describe, expect, it } from 'vitest';
import { parseChannelArguments } from '../../lib/grpc/index.ts';

describe('parseChannelArguments', () => {
  it('applies grpc-js server options (integers as numbers) and lists the others as ignored', () => {
    expect(parseChannelArguments('grpc.max_concurrent_streams=100, grpc.optimization_target=throughput,grpc.keepalive_time_ms=7000,grpc.so_reuseport=0')).toEqual({
      applied: { 'grpc.max_concurrent_streams': 100, 'grpc.keepalive_time_ms': 7000 },
      ignored: ['grpc.optimization_target', 'grpc.so_reuseport'],
    });
    expect(parseChannelArguments('')).toEqual({ applied: {}, ignored: [] });
  });

  it('refuses an item that is not key=value', () => {
    expect(() => parseChannelArguments('grpc.max_concurrent_streams')).toThrow(/--grpc_channel_arguments: 'grpc.max_concurrent_streams' is not key=value/);
  });
});
