// A minimal S3 REST client over node:http(s) with SigV4 (sigv4.ts): one request → status, headers, body bytes.
// Written for the api function's cold start instead of the AWS SDK (DESIGN.md §7). Failures are thrown in the
// SDK's shape (name = S3 error code, $metadata.httpStatusCode), so s3-errors.ts maps both clients alike.
import type http from 'node:http';
import { createHash } from 'node:crypto';
import { ServingError } from '../errors/index.ts';
import { type AwsCredentials, canonicalQuery, EMPTY_SHA256, signS3Request, uriEncode } from './sigv4.ts';
import { parseErrorBody } from './s3-xml.ts';

export interface S3HttpClientOptions {
  /** Signing region, e.g. 'us-east-1'. Required. */
  region: string;
  credentials: AwsCredentials;
  /** An S3-protocol endpoint (moto, MinIO, a VPC endpoint): path-style requests to it. Default: AWS's regional endpoint. */
  endpoint?: string;
  /** Tries per request for network errors, 5xx and 429, as the SDK's standard retry mode. Default 3. */
  maxAttempts?: number;
}

export interface S3Request {
  method: 'GET' | 'PUT' | 'HEAD';
  bucket: string;
  /** Object key ('' for bucket-level requests such as ListObjectsV2). */
  key: string;
  query?: Record<string, string>;
  /** Extra headers (If-Match, If-None-Match, Content-Type), sent unsigned. */
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** A 2xx body longer than this is refused (RESOURCE_EXHAUSTED) from its Content-Length, before it is read. */
  maxBytes?: number;
  /** Names the object in errors, e.g. 's3://b/models/m/1/saved_model.pb'. */
  what: string;
}

export interface S3Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Uint8Array;
}

/** An error shaped like the SDK's S3ServiceException (name, Code, $metadata.httpStatusCode). */
export class S3HttpError extends Error {
  readonly Code: string;
  readonly $metadata: { httpStatusCode: number };
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = code;
    this.Code = code;
    this.$metadata = { httpStatusCode: status };
  }
}

// Node's error codes the SDK's retry strategy treats as transient.
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);
/** Codes S3 sends without a body (HEAD, 304): the SDK names them after the status. */
const STATUS_NAMES: Record<number, string> = { 304: 'NotModified', 403: 'Forbidden', 404: 'NotFound', 412: 'PreconditionFailed' };

// The CommonJS modules, not ESM imports: an ESM import of node:http builds its ESM facade, which reads every export,
// and one of them loads undici (~25 ms of a cold start on Node 22; cpu profile in BENCHMARKS.md).
const transports = (): { http: typeof http; https: typeof import('node:https') } => ({
  http: process.getBuiltinModule('node:http'),
  https: process.getBuiltinModule('node:https'),
});

export class S3HttpClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof import('node:https');
  private readonly base: URL | undefined;
  private readonly maxAttempts: number;

  constructor(private readonly options: S3HttpClientOptions) {
    this.base = options.endpoint ? new URL(options.endpoint) : undefined;
    const secure = (this.base?.protocol ?? 'https:') === 'https:';
    const { http, https } = transports();
    this.transport = secure ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true });
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** Sends the request (retrying transient failures); a non-2xx answer is thrown as an S3HttpError. */
  async send(req: S3Request): Promise<S3Reply> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(req);
      } catch (e) {
        if (attempt >= this.maxAttempts || !isTransient(e)) throw e;
        // Exponential backoff with full jitter, base 100 ms (the SDK's standard mode).
        await new Promise((r) => setTimeout(r, Math.random() * 100 * 2 ** (attempt - 1)));
      }
    }
  }

  /** Where a key lives: path-style on a custom endpoint or for dotted bucket names, virtual-hosted otherwise. */
  private target(bucket: string, key: string): { url: URL; path: string } {
    const encodedKey = uriEncode(key, true);
    if (this.base) {
      const path = `${this.base.pathname.replace(/\/$/, '')}/${bucket}/${encodedKey}`;
      return { url: new URL(this.base.origin), path };
    }
    const region = this.options.region;
    if (bucket.includes('.')) return { url: new URL(`https://s3.${region}.amazonaws.com`), path: `/${bucket}/${encodedKey}` };
    return { url: new URL(`https://${bucket}.s3.${region}.amazonaws.com`), path: `/${encodedKey}` };
  }

  private once(req: S3Request): Promise<S3Reply> {
    const { url, path } = this.target(req.bucket, req.key);
    const query = req.query ?? {};
    const payloadHash = req.body ? createHash('sha256').update(req.body).digest('hex') : EMPTY_SHA256;
    const signed = signS3Request({ method: req.method, host: url.host, path, query, payloadHash, region: this.options.region, credentials: this.options.credentials });
    const qs = Object.keys(query).length ? `?${canonicalQuery(query)}` : '';
    const headers: Record<string, string | number> = { ...req.headers, ...signed };
    if (req.body) headers['content-length'] = req.body.byteLength;
    return new Promise<S3Reply>((resolve, reject) => {
      const r = this.transport.request({ protocol: url.protocol, hostname: url.hostname, port: url.port, method: req.method, path: path + qs, headers, agent: this.agent }, (res) => {
        const status = res.statusCode ?? 0;
        const length = Number(res.headers['content-length'] ?? NaN);
        if (status < 300 && req.maxBytes !== undefined && length > req.maxBytes) {
          res.destroy();
          reject(new ServingError('RESOURCE_EXHAUSTED', `${req.what} is ${length} bytes, more than the limit of ${req.maxBytes}`));
          return;
        }
        readBody(res, Number.isFinite(length) ? length : undefined).then((body) => {
          if (status >= 200 && status < 300) return resolve({ status, headers: res.headers, body });
          const { code, message } = parseErrorBody(new TextDecoder().decode(body));
          const name = code ?? STATUS_NAMES[status] ?? (status >= 500 ? 'InternalError' : 'Unknown');
          reject(new S3HttpError(name, status, message ?? `HTTP ${status} for ${req.what}`));
        }, reject);
      });
      r.on('error', reject);
      r.end(req.body);
    });
  }
}

function isTransient(e: unknown): boolean {
  if (e instanceof S3HttpError) return e.$metadata.httpStatusCode >= 500 || e.$metadata.httpStatusCode === 429;
  return TRANSIENT_CODES.has((e as { code?: string } | null)?.code ?? '');
}

/** The whole body in one fresh Uint8Array (sized from Content-Length when it was sent: one copy per chunk). */
function readBody(res: http.IncomingMessage, length: number | undefined): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const into = length !== undefined ? new Uint8Array(length) : undefined;
    res.on('data', (chunk: Buffer) => {
      if (into && got + chunk.length <= into.length) into.set(chunk, got);
      else chunks.push(chunk);
      got += chunk.length;
    });
    res.on('error', reject);
    res.on('end', () => {
      if (into && got === into.length) return resolve(into);
      if (into && got !== into.length) return reject(Object.assign(new Error(`body ended after ${got} of ${into.length} bytes`), { code: 'ECONNRESET' }));
      const all = new Uint8Array(got);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      resolve(all);
    });
  });
}
