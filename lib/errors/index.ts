// The one error type for expected failures, with a canonical (gRPC-style) code.
// A leaf module: imports nothing. The code→HTTP table lives in lib/api, code→gRPC in lib/grpc. Also the one
// check of option keys every component makes (an unknown key is INVALID_ARGUMENT).

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

/**
 * Refuses an options object with a key its component does not know (STYLE.md §9: a closed schema catches typos):
 * INVALID_ARGUMENT `<owner>: unknown option <key>`, or the text `message` gives.
 * @example checkOptionKeys(options, ['ttlMs', 'now'], 'ManifestCache')  // throws "ManifestCache: unknown option ttl" for { ttl: 5 }
 */
export function checkOptionKeys(
  options: object, allowed: Iterable<string>, owner: string, message: (key: string) => string = (key) => `${owner}: unknown option ${key}`,
): void {
  const known = allowed instanceof Set ? (allowed as ReadonlySet<string>) : new Set(allowed);
  for (const key of Object.keys(options)) if (!known.has(key)) throw new ServingError('INVALID_ARGUMENT', message(key));
}
