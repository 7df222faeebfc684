// Our SigV4 signer (lib/registry/sigv4.ts) against the AWS SDK's own (@smithy/signature-v4, configured as the
// S3 client configures it: path escaped once). moto does not check signatures, so this is where they are checked.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { EMPTY_SHA256, signS3Request, uriEncode } from '../../lib/registry/sigv4.ts';

/** The SDK's Checksum interface over node:crypto (what @smithy/hash-node does): a hash, or an HMAC when given a key. */
const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

const now = new Date('2026-12-06T07:45:12.345Z');

async function sdkSignature(host: string, path: string, query: Record<string, string>, payloadHash: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  const signer = new SignatureV4({ service: 's3', region: 'eu-west-1', credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const signed = await signer.sign(
    { method: 'GET', protocol: 'https:', hostname: host, path, query, headers: { host, 'x-amz-content-sha256': payloadHash } },
    { signingDate: now },
  );
  return signed.headers as Record<string, string>;
}

describe('signS3Request', () => {
  it.each([
    ['a plain GET', '/models/digits/manifest.json', {}, undefined],
    ['a key that needs encoding', `/${uriEncode('models/digits/1/assets/a b+c ü=1.txt', true)}`, {}, undefined],
    ['a ListObjectsV2 query', '/', { 'list-type': '2', prefix: 'models/digits/', delimiter: '/', 'max-keys': '1000', 'encoding-type': 'url', 'continuation-token': 'a/b+c==' }, undefined],
    ["Lambda's temporary credentials", '/models/digits/1/saved_model.pb', {}, 'IQoJb3JpZ2luX2VjE//token+with/slashes=='],
  ])('signs %s exactly as the SDK does', async (_scenario, path, query, sessionToken) => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', ...(sessionToken ? { sessionToken } : {}) };
    const host = 'bucket.s3.eu-west-1.amazonaws.com';
    const ours = signS3Request({ method: 'GET', host, path, query, payloadHash: EMPTY_SHA256, region: 'eu-west-1', credentials, now });
    const sdk = await sdkSignature(host, path, query, EMPTY_SHA256, credentials);
    expect(ours.authorization).toBe(sdk.authorization);
    expect(ours['x-amz-date']).toBe(sdk['x-amz-date']);
    if (sessionToken) expect(ours['x-amz-security-token']).toBe(sessionToken);
  });

  it('encodes a key as RFC 3986 wants, keeping "/" only in paths', () => {
    expect(uriEncode("a b+c/d!*'()~ü", true)).toBe('a%20b%2Bc/d%21%2A%27%28%29~%C3%BC');
    expect(uriEncode('a/b')).toBe('a%2Fb');
  });
});
