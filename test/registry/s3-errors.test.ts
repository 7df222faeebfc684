// S3 error → ServingError mapping, over the error values the SDK throws. Cases moto can produce
// (NoSuchKey, NoSuchBucket, 412, 304, connection refused) are also exercised for real in s3-store.test.ts.
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ServingError } from '../../lib/errors/index.ts';
import { s3ServingError } from '../../lib/registry/index.ts';

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `${name} happened` });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
}

describe('s3ServingError', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['a missing key', s3Error('NoSuchKey', 404), 'NOT_FOUND', /s3:\/\/b\/k not found/],
    ['a HEAD 404 without a code', s3Error('NotFound', 404), 'NOT_FOUND', /not found/],
    ['a missing bucket, naming it', s3Error('NoSuchBucket', 404), 'NOT_FOUND', /S3 bucket b does not exist/],
    ['a denied request', s3Error('AccessDenied', 403), 'PERMISSION_DENIED', /Access denied to s3:\/\/b\/k/],
    ['a failed precondition', s3Error('PreconditionFailed', 412), 'ABORTED', /changed concurrently/],
    ['a concurrent conditional write', s3Error('ConditionalRequestConflict', 409), 'ABORTED', /changed concurrently/],
    ['bad credentials', s3Error('InvalidAccessKeyId', 403), 'UNAUTHENTICATED', /credentials/],
    ['throttling', s3Error('SlowDown', 503), 'UNAVAILABLE', /store unavailable/],
    ['a refused connection', networkError('ECONNREFUSED'), 'UNAVAILABLE', /^store unreachable/],
    ['an unknown host', networkError('ENOTFOUND'), 'UNAVAILABLE', /^store unreachable/],
    ['an unmodelled client error', s3Error('InvalidRequest', 400), 'UNKNOWN', /InvalidRequest \(HTTP 400\)/],
  ])('maps %s', (_scenario, error, code, message) => {
    const mapped = s3ServingError(error, 's3://b/k', 'b');
    expect(mapped).toBeInstanceOf(ServingError);
    expect(mapped).toMatchObject({ code, message: expect.stringMatching(message), cause: error });
  });

  it('passes ServingErrors and bugs through unchanged', () => {
    const serving = new ServingError('RESOURCE_EXHAUSTED', 'too big');
    const bug = new TypeError('x is undefined');
    expect(s3ServingError(serving, 's3://b/k', 'b')).toBe(serving);
    expect(s3ServingError(bug, 's3://b/k', 'b')).toBe(bug);
  });
});
