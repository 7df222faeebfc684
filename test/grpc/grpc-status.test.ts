// The code→gRPC status mapping: canonical codes map 1:1, messages are cut like TF Serving's ToGRPCStatus,
// and anything that is not a ServingError is a bug answered INTERNAL without its details.
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { type ErrorCode, ServingError } from '../../lib/errors/index.ts';
import { GRPC_STATUS_OF, toGrpcError } from '../../lib/grpc/index.ts';
import { protoEnum } from '../../lib/proto/index.ts';

const noInternal = () => {
  throw new Error('not an internal error');
};

describe('toGrpcError', () => {
  it('maps every canonical code to the gRPC status of the same number (tensorflow.error.Code)', () => {
    const codes = protoEnum('tensorflow.error.Code').values;
    for (const [code, grpcCode] of Object.entries(GRPC_STATUS_OF)) expect([code, grpcCode]).toEqual([code, codes[code]]);
    expect(Object.keys(GRPC_STATUS_OF)).toHaveLength(16);
  });

  it.each([
    ['NOT_FOUND', status.NOT_FOUND],
    ['INVALID_ARGUMENT', status.INVALID_ARGUMENT],
    ['UNAVAILABLE', status.UNAVAILABLE],
  ] as [ErrorCode, number][])('keeps the code and message of a ServingError %s', (code, grpcCode) => {
    const e = toGrpcError(new ServingError(code, 'Servable not found for request: Latest(foo)'), noInternal);
    expect([e.code, e.details]).toEqual([grpcCode, 'Servable not found for request: Latest(foo)']);
  });

  it('cuts messages over 1024 characters and marks the cut', () => {
    const e = toGrpcError(new ServingError('INVALID_ARGUMENT', 'x'.repeat(1030)), noInternal);
    expect(e.details).toBe(`${'x'.repeat(1024)}...TRUNCATED`);
  });

  it('answers INTERNAL with a generic message for a bug and reports the error', () => {
    const reported: unknown[] = [];
    const bug = new TypeError("Cannot read properties of undefined (reading 'shape')");
    const e = toGrpcError(bug, (err) => reported.push(err));
    expect([e.code, e.details]).toEqual([status.INTERNAL, 'Internal error']);
    expect(reported).toEqual([bug]);
  });
});
