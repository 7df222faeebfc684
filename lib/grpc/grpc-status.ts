// The code→gRPC status mapping (the only one in the project): a ServingError's canonical code is its gRPC
// status code, as TF Serving's ToGRPCStatus (model_servers/grpc_status_util.cc) casts absl codes 1:1.
import { status as GrpcStatus, type ServerErrorResponse } from '@grpc/grpc-js';
import { type ErrorCode, isServingError } from '../errors/index.ts';

/** ErrorCode → gRPC status code (numbers from grpc/status_code_enum.h, identical to absl::StatusCode). */
export const GRPC_STATUS_OF: Readonly<Record<ErrorCode, GrpcStatus>> = Object.freeze({
  CANCELLED: GrpcStatus.CANCELLED,
  UNKNOWN: GrpcStatus.UNKNOWN,
  INVALID_ARGUMENT: GrpcStatus.INVALID_ARGUMENT,
  DEADLINE_EXCEEDED: GrpcStatus.DEADLINE_EXCEEDED,
  NOT_FOUND: GrpcStatus.NOT_FOUND,
  ALREADY_EXISTS: GrpcStatus.ALREADY_EXISTS,
  PERMISSION_DENIED: GrpcStatus.PERMISSION_DENIED,
  RESOURCE_EXHAUSTED: GrpcStatus.RESOURCE_EXHAUSTED,
  FAILED_PRECONDITION: GrpcStatus.FAILED_PRECONDITION,
  ABORTED: GrpcStatus.ABORTED,
  OUT_OF_RANGE: GrpcStatus.OUT_OF_RANGE,
  UNIMPLEMENTED: GrpcStatus.UNIMPLEMENTED,
  INTERNAL: GrpcStatus.INTERNAL,
  UNAVAILABLE: GrpcStatus.UNAVAILABLE,
  DATA_LOSS: GrpcStatus.DATA_LOSS,
  UNAUTHENTICATED: GrpcStatus.UNAUTHENTICATED,
});

/** ToGRPCStatus keeps at most 1024 characters of a message and marks the cut with "...TRUNCATED". */
export const MAX_ERROR_MESSAGE_CHARS = 1024;

/** What clients see for an unexpected exception (a bug): its details stay in the server log. */
export const INTERNAL_ERROR_MESSAGE = 'Internal error';

function truncate(message: string): string {
  return message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}...TRUNCATED` : message;
}

/**
 * The gRPC error for a thrown value: a ServingError keeps its code and (truncated) message; anything else
 * is reported through `onInternal` and answered INTERNAL with a generic message.
 * @example toGrpcError(new ServingError('NOT_FOUND', 'Servable not found for request: Latest(foo)'), log)
 *   // { code: 5, details: 'Servable not found for request: Latest(foo)', ... }
 */
export function toGrpcError(e: unknown, onInternal: (error: unknown) => void): ServerErrorResponse {
  if (isServingError(e)) {
    const details = truncate(e.message);
    return Object.assign(new Error(details), { code: GRPC_STATUS_OF[e.code] ?? GrpcStatus.UNKNOWN, details });
  }
  onInternal(e);
  return Object.assign(new Error(INTERNAL_ERROR_MESSAGE), { code: GrpcStatus.INTERNAL, details: INTERNAL_ERROR_MESSAGE });
}

/** The canonical code's name for a gRPC status number ('OK', 'NOT_FOUND', …): absl and gRPC share the numbers. */
export function statusCodeName(code: number): string {
  if (code === 0) return 'OK';
  for (const [name, n] of Object.entries(GRPC_STATUS_OF)) if (n === code) return name;
  return 'UNKNOWN';
}
