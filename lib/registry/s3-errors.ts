// S3 (AWS SDK v3) failures as ServingErrors. The SDK throws S3ServiceException subclasses whose `name`
// is the S3 error code ("NoSuchKey", "PreconditionFailed"…) with `$metadata.httpStatusCode`; errors
// without a modelled code (HEAD 404, GET 304) arrive as name "NotFound"/"Unknown", so the status counts too.
// Network failures are plain Node errors with `code` (ECONNREFUSED…) or the SDK's TimeoutError.
import { isServingError, ServingError } from '../errors/index.ts';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const CREDENTIAL_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'CredentialsProviderError']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The HTTP status of an SDK error, if the request got a response. */
export function httpStatusOf(e: unknown): number | undefined {
  return (e as SdkErrorShape | null)?.$metadata?.httpStatusCode;
}

/**
 * Maps an SDK error for an operation on `what` (e.g. "s3://b/m/1/saved_model.pb") to a ServingError.
 * Anything that is not an S3/network failure (a bug) is returned unchanged.
 * @example throw s3ServingError(e, 's3://models/digits/manifest.json', 'models');
 */
export function s3ServingError(e: unknown, what: string, bucket: string): unknown {
  if (isServingError(e) || !(e instanceof Error)) return e;
  const err = e as Error & SdkErrorShape;
  const name = err.Code ?? err.name;
  const status = httpStatusOf(e);
  const opts = { cause: e };
  if (name === 'NoSuchBucket') return new ServingError('NOT_FOUND', `S3 bucket ${bucket} does not exist (${what})`, opts);
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return new ServingError('NOT_FOUND', `${what} not found`, opts);
  // Conditional writes: 412 PreconditionFailed when If-Match/If-None-Match fails, 409 ConditionalRequestConflict
  // when a concurrent conditional write to the same key won (AWS S3 user guide, "conditional writes").
  if (name === 'PreconditionFailed' || status === 412 || name === 'ConditionalRequestConflict') {
    return new ServingError('ABORTED', `${what} was changed concurrently (${name || status}); read it again and retry`, opts);
  }
  // The SDK's default chain found no credentials at all (nothing was sent to S3): say where they come from.
  if (name === 'CredentialsProviderError') {
    return new ServingError('UNAUTHENTICATED',
      `no AWS credentials for ${what}: set AWS_PROFILE (a profile from \`aws configure\` or \`aws sso login\`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`, opts);
  }
  if (CREDENTIAL_CODES.has(name)) return new ServingError('UNAUTHENTICATED', `S3 rejected the credentials for ${what}: ${err.message}`, opts);
  if (name === 'AccessDenied' || status === 403) return new ServingError('PERMISSION_DENIED', `Access denied to ${what}`, opts);
  if ((err.code && NETWORK_CODES.has(err.code)) || name === 'TimeoutError' || name === 'RequestTimeout') {
    return new ServingError('UNAVAILABLE', `store unreachable: ${what}: ${err.message}`, opts);
  }
  if (status !== undefined && status >= 500) return new ServingError('UNAVAILABLE', `store unavailable (${name}, HTTP ${status}): ${what}`, opts);
  if (status !== undefined) return new ServingError('UNKNOWN', `S3 error ${name} (HTTP ${status}) for ${what}: ${err.message}`, opts);
  return e;
}
