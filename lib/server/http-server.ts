// The Node HTTP server over lib/api (npm start, `tf-serverless serve`, the container target): reads the
// body with a size limit (413), applies the request deadline (504), adds /healthz, /readyz and the Prometheus
// page (/monitoring/prometheus/metrics unless --monitoring_config_file says otherwise), keeps connections alive, bounds the bytes of bodies held at once (429), and
// closes gracefully within a grace period (connection-drain.ts). No REST logic here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorJson, handleRestRequest, isApiPath, parseRoute, type RestRequest, type RestResponse, startDecodeOffload } from '../api/index.ts';
import { type ModelProvider } from '../loader/index.ts';
import { BodyBudget } from './body-budget.ts';
import { ConnectionDrain } from './connection-drain.ts';
import { DEFAULT_PROMETHEUS_PATH, type MetricSnapshot, servingMetricsSnapshot } from '../monitoring/index.ts';
import { metricsPage, recordRestAnswer } from './metrics.ts';
import { accessLogLine, requestIdOf } from './request-log.ts';
import { createServerLog, type ServerLog } from './server-log.ts';

export interface RestServerOptions {
  provider: ModelProvider;
  /** TCP port; default 8501 (TF Serving's --rest_api_port); 0 picks a free one. */
  port?: number;
  /** Interface to bind; default '0.0.0.0' like tensorflow_model_server. */
  host?: string;
  /** Largest accepted request body in bytes; default 64 MiB. Larger bodies get 413. */
  maxBodyBytes?: number;
  /** Bytes of request bodies held at once, all requests together; default 4 × maxBodyBytes. A body that does not fit gets 429. */
  maxInflightBodyBytes?: number;
  /** On close(), how long in-flight requests may take before their connections are destroyed, in ms; default 10000. */
  shutdownGraceMs?: number;
  /** Per-request deadline in ms (--rest_api_timeout_in_ms); default 30000; 0 = none. */
  timeoutMs?: number;
  /** Idle keep-alive in ms; default 65000 (longer than common load balancer idle timeouts). */
  keepAliveMs?: number;
  /** /readyz answers 200 only when this is true; default always ready. */
  isReady?: () => boolean;
  /** TF Serving's --rest_api_enable_cors_support: CORS headers on every answer, OPTIONS preflights answered. Default false. */
  cors?: boolean;
  /** Extra gauges for the metrics page. */
  gauges?: () => Record<string, number>;
  /** Path of the Prometheus page (prometheus_config.path); default /monitoring/prometheus/metrics; null = no page (enable: false). */
  prometheusPath?: string | null;
  /** The metrics the page shows; default this process's (server workers ask the primary for everyone's sum). */
  metrics?: () => Promise<MetricSnapshot[]>;
  /** Log sink for internal errors (with their request id) and the access log; default TF-style lines on stderr/stdout. */
  log?: ServerLog;
  /** One log line per request, with its request id (--access_log); default false. */
  accessLog?: boolean;
  /** Worker threads that decode big bodies off the event loop; default 1; 0 decodes every body on the event loop. */
  bodyWorkers?: number;
  /** Bodies of at least this many bytes go to a body worker; default 1 MiB. */
  bodyWorkerMinBytes?: number;
}

export interface RestServer {
  readonly port: number;
  /** http://host:port with 127.0.0.1 for a wildcard bind. */
  readonly url: string;
  /**
   * Stops accepting, closes idle keep-alive connections at once and busy ones after their answer (sent with
   * `Connection: close`; requests arriving meanwhile get 503), and destroys what is left after the grace period.
   */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;
/** AddCORSHeaders in http_rest_api_util.cc. */
const CORS_HEADERS: [string, string][] = [
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Allow-Methods', 'POST, GET'],
  ['Access-Control-Allow-Headers', 'Content-Type'],
];

/** @example const server = await startRestServer({ provider: manager, port: 8501 }); */
export async function startRestServer(options: RestServerOptions): Promise<RestServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const prometheusPath = options.prometheusPath === undefined ? DEFAULT_PROMETHEUS_PATH : options.prometheusPath;
  const collect = options.metrics ?? (async () => servingMetricsSnapshot());
  const bodies = new BodyBudget(options.maxInflightBodyBytes ?? 4 * maxBody);
  const log = options.log ?? createServerLog();
  const offload = options.bodyWorkers === 0 ? undefined : startDecodeOffload({ workers: options.bodyWorkers, minBytes: options.bodyWorkerMinBytes });
  const server = createServer((req, res) => {
    const started = performance.now();
    if (options.accessLog) {
      requestIdOf(req, res); // set now, so that an answer's own X-Request-Id (a 500's) merges over it and is what gets logged
      res.once('finish', () => log(accessLogLine(req, res, performance.now() - started), 'info', { request_id: requestIdOf(req, res) }));
    }
    void serve(req, res).catch((e) => {
      const requestId = requestIdOf(req, res);
      log(`unexpected server error on ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'error', { request_id: requestId });
      if (!res.headersSent) send(res, { status: 500, headers: { 'Content-Type': 'application/json', 'X-Request-Id': requestId }, body: errorJson('Internal error') });
    });
  });
  server.keepAliveTimeout = options.keepAliveMs ?? 65_000;
  server.headersTimeout = server.keepAliveTimeout + 1000;
  const drain = new ConnectionDrain(server);
  // One options object for every request (the REST core passes the request back to onInternalError).
  const handlerOptions = {
    onInternalError: (e: unknown, r: RestRequest, requestId: string) => log(`internal error on ${r.method} ${r.path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'error', { request_id: requestId }),
    offload,
  };
  const send = (res: ServerResponse, answer: RestResponse) => {
    drain.beforeAnswer(res);
    writeAnswer(res, answer);
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?', 1)[0];
    if (options.cors) for (const [k, v] of CORS_HEADERS) res.setHeader(k, v);
    if (drain.refuses(req)) {
      req.resume();
      return send(res, json(503, errorJson('The server is shutting down')));
    }
    if (method === 'OPTIONS') {
      // http_server.cc: a preflight is OK with an http(s) Origin, else FAILED_PRECONDITION (400).
      const ok = /https?:\/\//.test(String(req.headers.origin ?? ''));
      return send(res, json(ok ? 200 : 400, ok ? '' : errorJson('Origin header is missing in CORS preflight')));
    }
    if (method === 'GET' && path === '/healthz') return send(res, json(200, '{"status": "ok"}'));
    if (method === 'GET' && path === '/readyz') {
      const ready = options.isReady?.() ?? true;
      return send(res, json(ready ? 200 : 503, `{"ready": ${ready}}`));
    }
    if (path === prometheusPath) {
      // http_server.cc registers the page for its path whatever the method; Content-Type is TF's text/plain.
      req.resume();
      return send(res, { status: 200, headers: { 'Content-Type': 'text/plain; version=0.0.4' }, body: metricsPage(await collect(), options.gauges?.()) });
    }
    const reserved = { bytes: 0 };
    try {
      const body = await readBody(req, maxBody, bodies, reserved);
      if (body === 'too-large') {
        res.setHeader('Connection', 'close');
        return send(res, json(413, errorJson(`Request body is larger than the limit of ${maxBody} bytes`)));
      }
      if (body === 'busy') {
        res.setHeader('Retry-After', '1');
        return send(res, json(429, errorJson(`Request bodies in flight would pass the limit of ${bodies.limit} bytes; retry later`)));
      }
      const answer = await withDeadline(handleRestRequest(restRequest(req, method, path, body), options.provider, handlerOptions), timeoutMs, method, path);
      send(res, answer);
      if (isApiPath(path)) recordRestAnswer(answer, (performance.now() - started) * 1000);
    } finally {
      bodies.release(reserved.bytes);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8501, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return {
    port: address.port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () => drain.close(options.shutdownGraceMs ?? 10_000).finally(() => offload?.close()),
  };
}

function json(status: number, body: string): RestResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body };
}

function writeAnswer(res: ServerResponse, answer: RestResponse): void {
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

/**
 * The whole body, or 'too-large' as soon as it passes `limit` (Content-Length is checked first), or 'busy'
 * when the bodies in flight leave no room for it. Its bytes are reserved in `budget` as they arrive (and
 * added to `reserved` for the caller to release); a busy body is read to its end and dropped, so the client
 * sees the 429 instead of a reset connection, and holds no memory. Read with 'data'/'end' listeners: an async
 * iterator costs a few promises per request (the profile in BENCHMARKS.md, HTTP section).
 */
function readBody(req: IncomingMessage, limit: number, budget: BodyBudget, reserved: { bytes: number }): Promise<Buffer | 'too-large' | 'busy'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  let busy = false;
  if (declared > 0) {
    if (budget.tryReserve(declared)) reserved.bytes = declared;
    else busy = true;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // A big declared body is copied chunk by chunk into one buffer of its own (transferable to the decode worker):
    // no list of chunks to hold, no Buffer.concat of tens of MB on the event loop at its end (issue 10 item 4).
    let whole = !busy && declared >= PREALLOCATE_MIN_BYTES ? Buffer.allocUnsafeSlow(declared) : undefined;
    let size = 0;
    let settled = false;
    const settle = (result: Buffer | 'too-large' | 'busy' | Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return settle('too-large'); // the rest drains: 'data' has no listener, the stream keeps flowing
      if (busy) return;
      if (size > reserved.bytes) {
        if (!budget.tryReserve(size - reserved.bytes)) {
          busy = true;
          chunks.length = 0;
          whole = undefined;
          return;
        }
        reserved.bytes = size;
      }
      if (whole && size <= whole.length) return void chunk.copy(whole, size - chunk.length);
      // More than declared (Node's parser stops at Content-Length, so never in practice): back to a list of chunks.
      if (whole) chunks.push(whole.subarray(0, size - chunk.length));
      whole = undefined;
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle(busy ? 'busy' : whole ? whole.subarray(0, size) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.once('error', (e) => settle(e));
    // Closed before its end without an error (the client went away): what the async iterator reported too. Every
    // request closes: build the Error (a stack capture) only when the body was still unread.
    req.once('close', () => {
      if (!settled) settle(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  });
}

/** Declared bodies of at least this many bytes are read into one preallocated buffer (the decode worker's threshold). */
const PREALLOCATE_MIN_BYTES = 1 << 20;

/** `work`'s answer, or 504 once `ms` pass first (one timer, no Promise.race). */
function withDeadline(work: Promise<RestResponse>, ms: number, method: string, path: string): Promise<RestResponse> {
  if (ms <= 0) return work;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ ...json(504, errorJson(`Request did not finish within ${ms} ms`)), code: 'DEADLINE_EXCEEDED', route: routeOf(method, path) }), ms);
    work.then(
      (answer) => {
        clearTimeout(timer);
        resolve(answer);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** The route of a request that timed out, for its metrics labels (undefined when the path does not parse). */
function routeOf(method: string, path: string): RestResponse['route'] {
  try {
    return parseRoute(method, path);
  } catch {
    return undefined;
  }
}

/** The REST core's request; its headers are converted only if something reads them (the REST core does not, today). */
function restRequest(req: IncomingMessage, method: string, path: string, body: Buffer): RestRequest {
  let headers: Record<string, string> | undefined;
  return {
    method, path, body,
    get headers() {
      return (headers ??= headersOf(req));
    },
  };
}

/** Node's headers (lower-case names) as the REST core takes them; repeated ones joined with ", " (RFC 9110). */
function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
