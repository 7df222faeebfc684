// The heavy target as the api function sees it: something that answers a REST request for a heavy version
// (the container service over HTTP, http-target.ts, or the heavy Lambda function, functions/heavy-function.ts).
import type { RestRequest, RestResponse } from '../api/index.ts';

/**
 * IMPORTANT: the answer is returned to the client unchanged (status, headers, body), so a target answers exactly
 * what TF Serving would; a target that cannot be reached throws ServingError UNAVAILABLE (or DEADLINE_EXCEEDED).
 */
export interface HeavyTarget {
  /** For messages and logs, e.g. 'http://heavy.internal:8501' or 'lambda:tf-serverless-dev-heavy'. */
  readonly name: string;
  forward(request: RestRequest): Promise<RestResponse>;
}

/** Headers that describe one hop, not the message (RFC 9110 §7.6.1), plus those fetch recomputes. */
export const HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length', 'content-encoding',
]);
