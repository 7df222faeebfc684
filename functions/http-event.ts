// API Gateway HTTP API (payload v2) events ⇄ lib/api's plain request/response. The only AWS shapes the api
// function knows; Lambda's 6 MB payload limit is answered here with a clear 413.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorJson, type RestRequest, type RestResponse } from '../lib/api/index.ts';

/** Lambda's synchronous invocation payload limit (request and response), minus room for the JSON envelope. */
export const LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024 - 16 * 1024;

export function restRequestOf(event: APIGatewayProxyEventV2): RestRequest | RestResponse {
  const method = event.requestContext?.http?.method ?? 'GET';
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : raw;
  if (body.length > LAMBDA_PAYLOAD_BYTES) return tooLarge(`Request body of ${body.length} bytes is over AWS Lambda's 6 MB payload limit`);
  return { method, path: event.rawPath ?? '/', headers: event.headers ?? {}, body };
}

export function httpResultOf(answer: RestResponse): APIGatewayProxyStructuredResultV2 {
  const size = Buffer.byteLength(answer.body);
  if (size > LAMBDA_PAYLOAD_BYTES) {
    answer = tooLarge(`Response of ${size} bytes is over AWS Lambda's 6 MB payload limit: send fewer instances per request`);
  }
  return { statusCode: answer.status, headers: answer.headers, body: answer.body, isBase64Encoded: false };
}

function tooLarge(message: string): RestResponse {
  return { status: 413, headers: { 'Content-Type': 'application/json' }, body: errorJson(message) };
}

export function isRestResponse(v: RestRequest | RestResponse): v is RestResponse {
  return 'status' in v;
}
