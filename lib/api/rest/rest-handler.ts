// The transport-free REST core: (method, path, headers, body) → (status, headers, body, route), TF Serving's
// HttpRestApiHandler::ProcessRequest. lib/server, functions/api.ts and tests all go through this one function.
import { randomUUID } from 'node:crypto';
import { type ErrorCode, isServingError } from '../../errors/index.ts';
import type { ModelProvider, ServableHandle } from '../../loader/index.ts';
import { type DecodeOffload, offloadedBytes } from '../codec/decode-offload.ts';
import { decodeExamplesRequest } from '../codec/example-codec.ts';
import { parseRequestObject, requestBody, type RequestBody, requestSignatureName } from '../json/json-request.ts';
import { httpStatusOf } from './http-status.ts';
import { runRestInference, servedTarget } from './rest-inference.ts';
import { isApiPath, parseRoute, type Route } from './routes.ts';
import { errorJson, modelMetadataJson, modelStatusJson } from './status-json.ts';

export interface RestRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The raw path (percent-encoded as received); a query string is ignored. */
  path: string;
  /** Request headers, names in lower case (as Node and API Gateway v2 give them). Optional. */
  headers?: Readonly<Record<string, string | undefined>>;
  /** The body as received: bytes are kept for the fast numeric scanner. */
  body: string | Uint8Array;
}

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The route the request named, when it parsed as one (servers label metrics with it instead of parsing again). */
  route?: Route;
  /** The canonical code of a failed answer (INTERNAL for a bug); absent when OK (metrics' status label). */
  code?: ErrorCode;
}

export interface RestHandlerOptions {
  /**
   * Called with every unexpected exception (a bug), which the client sees as a 500 "Internal error" with the
   * same `requestId` in its X-Request-Id header. Default console.error.
   */
  onInternalError?: (error: unknown, request: RestRequest, requestId: string) => void;
  /** Decodes big bodies in worker threads (lib/server wires it); default: every body on the calling thread. */
  offload?: DecodeOffload;
}

const JSON_HEADERS = Object.freeze({ 'Content-Type': 'application/json' });

/**
 * Answers one REST request like tensorflow_model_server's HTTP port.
 * @example await handleRestRequest({ method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"instances": [1.0]}' }, provider)
 *   // { status: 200, headers: {'Content-Type': 'application/json'}, body: '{"predictions": [2.5]}', route: {kind: 'predict', …} }
 */
export async function handleRestRequest(req: RestRequest, provider: ModelProvider, options: RestHandlerOptions = {}): Promise<RestResponse> {
  const path = req.path.split('?', 1)[0];
  let route: Route | undefined;
  try {
    if (!isApiPath(path)) return respond(404, errorJson(`Not found: ${req.method} ${path}`));
    route = parseRoute(req.method, path);
    return respond(200, await dispatch(route, req.body, provider, options.offload), route);
  } catch (e) {
    if (isServingError(e)) return { ...respond(httpStatusOf(e.code), errorJson(e.message), route), code: e.code };
    const requestId = randomUUID();
    (options.onInternalError ?? defaultInternalError)(e, req, requestId);
    const answer = respond(500, errorJson('Internal error'), route);
    return { ...answer, headers: { ...answer.headers, 'X-Request-Id': requestId }, code: 'INTERNAL' };
  }
}

async function dispatch(route: Route, rawBody: string | Uint8Array, provider: ModelProvider, offload?: DecodeOffload): Promise<string> {
  if (route.kind === 'status') return modelStatusJson(await provider.status(route.spec));
  if (route.kind === 'metadata') return withHandle(await provider.acquire(route.spec), modelMetadataJson);
  const body = requestBody(rawBody);
  // A cold container would load the model before finding that the body does not parse: check the body first.
  if (provider.isAvailable?.(route.spec) === false) await checkBodyFirst(route.kind, body, offload);
  let handle: ServableHandle;
  try {
    handle = await provider.acquire(route.spec);
  } catch (error) {
    // Reported once the body turned out to be well-formed (TF Serving parses it before GetInfoMap).
    return runRestInference(route.kind, body, servedTarget({ error }), offload);
  }
  return withHandle(handle, (h) => runRestInference(route.kind as 'predict', body, servedTarget(h), offload));
}

/** The body errors TF Serving reports before it looks the servable up: all of Classify/Regress's, Predict's top level. */
async function checkBodyFirst(kind: 'predict' | 'classify' | 'regress', body: RequestBody, offload?: DecodeOffload): Promise<void> {
  // A copy: the body is decoded again once the model is there.
  const bytes = offloadedBytes(body, offload);
  if (bytes) await offload!.run({ kind: kind === 'predict' ? 'check-predict' : 'examples', bytes: bytes === body.bytes ? bytes.slice() : bytes });
  else if (kind === 'predict') requestSignatureName(parseRequestObject(body.text));
  else decodeExamplesRequest(body.text);
}

async function withHandle<T>(handle: ServableHandle, use: (handle: ServableHandle) => T | Promise<T>): Promise<T> {
  try {
    return await use(handle);
  } finally {
    handle.release();
  }
}

function respond(status: number, body: string, route?: Route): RestResponse {
  return route ? { status, headers: { ...JSON_HEADERS }, body, route } : { status, headers: { ...JSON_HEADERS }, body };
}

function defaultInternalError(error: unknown, req: RestRequest, requestId: string): void {
  console.error(`tf-serverless: internal error on ${req.method} ${req.path} (request id ${requestId}):`, error);
}
