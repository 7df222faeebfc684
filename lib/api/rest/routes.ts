// TF Serving's REST route grammar (tensorflow_serving/model_servers/http_rest_api_util.cc, RE2 FullMatch,
// case-insensitive): which (method, path) is which request. Pure; no model lookups here.
import { ServingError } from '../../errors/index.ts';
import type { ModelSpec } from '../../loader/index.ts';

/** kPredictionApiGegex: POST /v1/models/{name}[/versions/{v} | /labels/{l}]:(classify|regress|predict) */
const PREDICTION_ROUTE = /^\/v1\/models\/([^/:]+)(?:(?:\/versions\/(\d+))|(?:\/labels\/([^/:]+)))?:(classify|regress|predict)$/i;
/** kModelStatusApiRegex: GET /v1/models[/{name}][/versions/{v} | /labels/{l}][/metadata] */
const STATUS_ROUTE = /^\/v1\/models(?:\/([^/:]+))?(?:(?:\/versions\/(\d+))|(?:\/labels\/([^/:]+)))?(?:\/(metadata))?$/i;
/** kPathRegex: everything under /v1/ belongs to the REST API (anything else is not ours). */
const API_PATH = /^\/v1\/.*$/i;
const INT64_MAX = (1n << 63n) - 1n;

export type Route =
  | { kind: 'predict' | 'classify' | 'regress'; spec: ModelSpec }
  | { kind: 'status' | 'metadata'; spec: ModelSpec };

/** True when TF Serving's REST handler owns the path (`/v1/…`, any case). */
export function isApiPath(path: string): boolean {
  return API_PATH.test(path);
}

/**
 * Parses a request line the way TF Serving does. Throws INVALID_ARGUMENT with TF Serving's messages:
 * `Malformed request: POST /v1/models`, `Failed to convert version: 99999999999999999999 to numeric.`,
 * `Missing model name in request.`
 * @example parseRoute('POST', '/v1/models/half_plus_two/versions/1:predict') // {kind: 'predict', spec: {name: 'half_plus_two', version: 1n}}
 */
export function parseRoute(method: string, path: string): Route {
  // Built only when thrown: an Error captures its stack when constructed, a cost every request paid before.
  const malformed = () => new ServingError('INVALID_ARGUMENT', `Malformed request: ${method} ${path}`);
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = PREDICTION_ROUTE.exec(path))) {
    const spec = modelSpec(m[1], m[2], m[3]);
    // The method group matches case-insensitively but TF Serving then compares it to the lower-case names,
    // so ":PREDICT" ends as "Malformed request".
    const kind = m[4];
    if (kind !== 'predict' && kind !== 'classify' && kind !== 'regress') throw malformed();
    return { kind, spec };
  }
  if (method === 'GET' && (m = STATUS_ROUTE.exec(path))) {
    const spec = modelSpec(m[1] ?? '', m[2], m[3]);
    // Like the method group, a sub-resource other than exactly "metadata" falls through to model status.
    const kind = m[4] === 'metadata' ? 'metadata' : 'status';
    if (spec.name === '') throw new ServingError('INVALID_ARGUMENT', 'Missing model name in request.');
    return { kind, spec };
  }
  throw malformed();
}

function modelSpec(rawName: string, version: string | undefined, label: string | undefined): ModelSpec {
  const spec: ModelSpec = { name: rawName === '' ? '' : decodeArg(rawName) };
  if (version !== undefined) {
    const v = BigInt(version);
    if (v > INT64_MAX) throw new ServingError('INVALID_ARGUMENT', `Failed to convert version: ${version} to numeric.`);
    spec.version = v;
  }
  if (label !== undefined) spec.label = decodeArg(label);
  return spec;
}

/** curl_easy_unescape as TF Serving's DecodeArg uses it: %XX → byte, nothing else ('+' stays '+'). */
function decodeArg(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(text[i], 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
