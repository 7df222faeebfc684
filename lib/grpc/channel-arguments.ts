// tensorflow_model_server's --grpc_channel_arguments: "key=value,key=value" (model_servers/server.cc splits on
// ',' then each on '=', and passes integer-looking values as ints, the rest as strings, to the C++
// ServerBuilder). grpc-js honours only some server channel arguments; the rest are reported as ignored.
import { ServingError } from '../errors/index.ts';

/** Server-side channel arguments grpc-js (1.x) reads (server.js, server-interceptors.js); names as in grpc core. */
const GRPC_JS_SERVER_ARGUMENTS: ReadonlySet<string> = new Set([
  'grpc.max_receive_message_length', 'grpc.max_send_message_length', 'grpc.max_concurrent_streams',
  'grpc.keepalive_time_ms', 'grpc.keepalive_timeout_ms',
  'grpc.max_connection_age_ms', 'grpc.max_connection_age_grace_ms', 'grpc.max_connection_idle_ms',
  'grpc.enable_channelz', 'grpc-node.max_session_memory', 'grpc-node.flow_control_window',
]);

export interface ChannelArguments {
  /** Arguments grpc-js applies, ready for `new grpc.Server(options)`. */
  applied: Record<string, number | string>;
  /** Arguments given but with no grpc-js equivalent (e.g. grpc.optimization_target, grpc.so_reuseport: C-core only). */
  ignored: string[];
}

/** @example parseChannelArguments('grpc.max_concurrent_streams=100,grpc.optimization_target=throughput') */
export function parseChannelArguments(text: string): ChannelArguments {
  const result: ChannelArguments = { applied: {}, ignored: [] };
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ServingError('INVALID_ARGUMENT', `--grpc_channel_arguments: '${item}' is not key=value`);
    const key = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    if (!GRPC_JS_SERVER_ARGUMENTS.has(key)) {
      result.ignored.push(key);
      continue;
    }
    result.applied[key] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  return result;
}
