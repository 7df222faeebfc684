// Canonical error code → HTTP status, as TF Serving's ToHTTPStatusCode (model_servers/http_server.cc).
// The one place this table exists (STYLE.md §6).
import type { ErrorCode } from '../../errors/index.ts';

const HTTP_STATUS: Record<ErrorCode | 'OK', number> = {
  OK: 200,
  CANCELLED: 499, // CLIENT_CLOSED_REQUEST
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
};

export function httpStatusOf(code: ErrorCode | 'OK'): number {
  return HTTP_STATUS[code] ?? 500;
}
