// The transport-free REST core: (method, path, body) → (status, headers, body), TF Serving's
// HttpRestApiHandler::ProcessRequest. lib/server, functions/api.ts and tests all go through this one function.
import { randomUUID } from 'node:crypto';
import { isServingError } from '../errors/index.ts';
import { httpStatusOf } from './http-status.ts';
import { type HandleOrError, runRestInference } from './inference.ts';
import type { ModelProvider } from './model-provider.ts';
import { isApiPath, parseRoute } from './routes.ts';
import { errorJson, modelMetadataJson, modelStatusJson } from './status-json.ts';

export interface RestRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The raw path (percent-encoded as received); a query string is ignored. */
  path: string;
  body: string | Uint8Array;
}

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RestHandlerOptions {
  /**
   * Called with every unexpected exception (a bug), which the client sees as a 500 "Internal error" with the
   * same `requestId` in its X-Request-Id header. Default console.error.
   */
  onInternalError?: (error: unknown, request: RestRequest, requestId: string) => void;
}

const JSON_HEADERS = Object.freeze({ 'Content-Type': 'application/json' });
const utf8 = new TextDecoder('utf-8');

/**
 * Answers one REST request like tensorflow_model_server's HTTP port.
 * @example await handleRestRequest({ method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"instances": [1.0]}' }, provider)
 *   // { status: 200, headers: {'Content-Type': 'application/json'}, body: '{"predictions": [2.5]}' }
 */
export async function handleRestRequest(req: RestRequest, provider: ModelProvider, options: RestHandlerOptions = {}): Promise<RestResponse> {
  const path = req.path.split('?', 1)[0];
  try {
    if (!isApiPath(path)) return respond(404, errorJson(`Not found: ${req.method} ${path}`));
    return respond(200, await dispatch(req.method, path, req.body, provider));
  } catch (e) {
    if (isServingError(e)) return respond(httpStatusOf(e.code), errorJson(e.message));
    const requestId = randomUUID();
    (options.onInternalError ?? defaultInternalError)(e, req, requestId);
    return { ...respond(500, errorJson('Internal error')), headers: { ...JSON_HEADERS, 'X-Request-Id': requestId } };
  }
}

async function dispatch(method: string, path: string, rawBody: string | Uint8Array, provider: ModelProvider): Promise<string> {
  const route = parseRoute(method, path);
  if (route.kind === 'status') return modelStatusJson(await provider.status(route.spec));
  const body = typeof rawBody === 'string' ? rawBody : utf8.decode(rawBody);
  let target: HandleOrError;
  try {
    target = { handle: await provider.acquire(route.spec) };
  } catch (error) {
    if (route.kind === 'metadata') throw error;
    target = { error };
  }
  try {
    if (route.kind === 'metadata') return modelMetadataJson((target as { handle: Parameters<typeof modelMetadataJson>[0] }).handle);
    return await runRestInference(route.kind, body, target);
  } finally {
    if ('handle' in target) target.handle.release();
  }
}

function respond(status: number, body: string): RestResponse {
  return { status, headers: { ...JSON_HEADERS }, body };
}

function defaultInternalError(error: unknown, req: RestRequest, requestId: string): void {
  console.error(`tf-serverless: internal error on ${req.method} ${req.path} (request id ${requestId}):`, error);
}
