// The access log line and the request id of a REST request: the client's X-Request-Id when it sent one, else
// the one the answer carries (internal errors get one in lib/api), else one made up here, kept on the response.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The id this request is logged under; stable for the request (set on the response as X-Request-Id when made here). */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const answered = res.getHeader('X-Request-Id');
  if (answered !== undefined) return String(answered);
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && /^[\w.:-]{1,128}$/.test(sent) ? sent : randomUUID();
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}

/** `POST /v1/models/m:predict 200 12.3ms 127.0.0.1`, the access log's message. */
export function accessLogLine(req: IncomingMessage, res: ServerResponse, ms: number): string {
  return `${req.method} ${req.url} ${res.statusCode} ${ms.toFixed(1)}ms ${req.socket.remoteAddress ?? '-'}`;
}
