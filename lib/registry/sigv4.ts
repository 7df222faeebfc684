// AWS Signature Version 4 for S3 requests, header form (AWS docs, "Signature Version 4 signing process" and
// "Authenticating Requests: Using the Authorization Header (AWS Signature Version 4)" in the S3 API reference).
// S3's canonical URI is the path URI-encoded once, '/' kept (other services encode twice).
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials (Lambda's role): sent as x-amz-security-token. */
  sessionToken?: string;
}

export interface SignInput {
  method: string;
  /** Host header value, with the port when it is not the scheme's default. */
  host: string;
  /** The path as sent, already URI-encoded (uriEncode with '/' kept). */
  path: string;
  /** Query parameters, unencoded; sorted and encoded here. */
  query: Record<string, string>;
  /** Hex sha256 of the payload, or 'UNSIGNED-PAYLOAD'. */
  payloadHash: string;
  region: string;
  credentials: AwsCredentials;
  /** The signing time; default now. */
  now?: Date;
}

/** sha256 of an empty payload (every GET). */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX of its UTF-8 bytes (upper-case hex);
 * '/' kept when `keepSlash` (S3 object paths).
 * @example uriEncode('a b/c+d', true) // 'a%20b/c%2Bd'
 */
export function uriEncode(s: string, keepSlash = false): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, keepSlash ? '/' : '%2F');
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** The signing key is the same for a whole day: derived once per (secret, day, region). */
let cachedKey: { id: string; key: Buffer } | undefined;
function signingKey(secret: string, day: string, region: string): Buffer {
  const id = `${secret}\0${day}\0${region}`;
  if (cachedKey?.id !== id) cachedKey = { id, key: hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request') };
  return cachedKey.key;
}

/** The canonical query string: keys sorted by code point, both sides encoded ('/' too). */
export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query).sort().map((k) => `${uriEncode(k)}=${uriEncode(query[k])}`).join('&');
}

/**
 * The headers that authenticate one request: host, x-amz-date, x-amz-content-sha256, x-amz-security-token
 * (when the credentials have one) and Authorization. Other headers may be sent unsigned.
 * @example signS3Request({ method: 'GET', host: 'b.s3.us-east-1.amazonaws.com', path: '/models/m/manifest.json', query: {}, payloadHash: EMPTY_SHA256, region: 'us-east-1', credentials })
 */
export function signS3Request(input: SignInput): Record<string, string> {
  const amzDate = (input.now ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, ''); // 20261206T074500Z
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host: input.host, 'x-amz-content-sha256': input.payloadHash, 'x-amz-date': amzDate };
  if (input.credentials.sessionToken) headers['x-amz-security-token'] = input.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = [
    input.method, input.path, canonicalQuery(input.query),
    names.map((n) => `${n}:${headers[n].trim()}\n`).join(''), names.join(';'), input.payloadHash,
  ].join('\n');
  const scope = `${day}/${input.region}/s3/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', signingKey(input.credentials.secretAccessKey, day, input.region)).update(toSign, 'utf8').digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
