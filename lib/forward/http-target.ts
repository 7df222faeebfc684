// A heavy target reached over HTTP: the container service (infra/) running `tf-serverless serve` with the native
// engine, whose REST port answers like TF Serving's. The request goes out as it came in (method, path, query,
// headers, body); the answer comes back with its status, headers and body untouched.
import { ServingError } from '../errors/index.ts';
import type { RestRequest, RestResponse } from '../api/index.ts';
import { type HeavyTarget, HOP_HEADERS } from './heavy-target.ts';

export interface HttpTargetOptions {
  /** Give up on an answer after this long, ms (DEADLINE_EXCEEDED). Default 30000. */
  timeoutMs?: number;
  /** The fetch to use (tests). Default globalThis.fetch. */
  fetch?: typeof fetch;
}

function withoutHopHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_HEADERS.has(k.toLowerCase())) out[k] = v;
  return out;
}

/**
 * @example const target = httpHeavyTarget('http://heavy.tf-serverless.svc:8501'); await target.forward(request)
 */
export function httpHeavyTarget(baseUrl: string, options: HttpTargetOptions = {}): HeavyTarget {
  const base = new URL(baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new ServingError('INVALID_ARGUMENT', `heavy target URL must be http(s): ${baseUrl}`);
  const root = base.href.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    name: root,
    async forward(request: RestRequest): Promise<RestResponse> {
      let res: Response;
      try {
        res = await doFetch(`${root}${request.path}`, {
          method: request.method,
          headers: withoutHopHeaders(request.headers ?? {}),
          body: request.method === 'GET' || request.method === 'HEAD' ? undefined : (request.body as BodyInit),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const timedOut = (e as Error)?.name === 'TimeoutError';
        throw new ServingError(timedOut ? 'DEADLINE_EXCEEDED' : 'UNAVAILABLE', `the heavy target ${root} did not answer: ${timedOut ? `no answer within ${timeoutMs} ms` : (e as Error).message}`, { cause: e });
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (!HOP_HEADERS.has(k)) headers[k] = v;
      });
      return { status: res.status, headers, body: await res.text() };
    },
  };
}
