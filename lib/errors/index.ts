// The one error type for expected failures, with a canonical (gRPC-style) code.
// A leaf module: imports nothing. The code→HTTP table lives in lib/api, code→gRPC in lib/grpc.

/** Canonical error codes, as in TF Serving / absl::StatusCode. */
export type ErrorCode =
  | 'CANCELLED'
  | 'UNKNOWN'
  | 'INVALID_ARGUMENT'
  | 'DEADLINE_EXCEEDED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'OUT_OF_RANGE'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DATA_LOSS'
  | 'UNAUTHENTICATED';

/**
 * An expected failure a user can act on. Any other exception is a bug.
 * @example throw new ServingError('NOT_FOUND', 'Servable not found for request: Latest(foo)');
 */
export class ServingError extends Error {
  override readonly name = 'ServingError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True for a ServingError (also across module copies, by name + code). */
export function isServingError(e: unknown): e is ServingError {
  return e instanceof ServingError || (e instanceof Error && e.name === 'ServingError' && 'code' in e);
}
