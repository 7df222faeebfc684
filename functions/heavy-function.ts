// The heavy Lambda function (serverless.yml `heavy`, a container image with the native engine) as a heavy target:
// the api function invokes it synchronously with an API Gateway v2 event for the same request, and returns its
// result unchanged. The heavy function runs functions/api.ts too, without HEAVY_*, so it never forwards again.
import type { InvokeCommand, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RestRequest, RestResponse } from '../lib/api/index.ts';
import { ServingError } from '../lib/errors/index.ts';
import type { HeavyTarget } from '../lib/forward/index.ts';

/** The one Lambda call this target makes; LambdaClient satisfies it. */
export interface HeavyInvoker {
  send(command: InvokeCommand): Promise<InvokeCommandOutput>;
}

/** The payload-v2 event API Gateway would have sent the heavy function for `request` (body base64). */
export function httpApiEventOf(request: RestRequest): APIGatewayProxyEventV2 {
  const [rawPath, rawQueryString = ''] = request.path.split(/\?(.*)/s, 2);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) if (v !== undefined) headers[k] = v;
  return {
    version: '2.0', routeKey: '$default', rawPath, rawQueryString, headers,
    requestContext: { http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '', userAgent: headers['user-agent'] ?? '' } },
    body: Buffer.from(request.body).toString('base64'), isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2;
}

/**
 * The Lambda SDK is imported on the first forward, not with the api function: most containers never forward, and
 * importing it costs cold-start time (BENCHMARKS.md, cold start). `client` defaults to a LambdaClient made then.
 * @example functionHeavyTarget('tf-serverless-dev-heavy')
 */
export function functionHeavyTarget(functionName: string, client?: HeavyInvoker): HeavyTarget {
  const name = `lambda:${functionName}`;
  return {
    name,
    async forward(request: RestRequest): Promise<RestResponse> {
      let out: InvokeCommandOutput;
      try {
        const sdk = await import('@aws-sdk/client-lambda');
        client ??= new sdk.LambdaClient({});
        out = await client.send(new sdk.InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(httpApiEventOf(request))) }));
      } catch (e) {
        throw new ServingError('UNAVAILABLE', `the heavy target ${name} could not be invoked: ${(e as Error).message}`, { cause: e });
      }
      const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
      if (out.FunctionError) throw new ServingError('UNAVAILABLE', `the heavy target ${name} failed: ${out.FunctionError}: ${text.slice(0, 500)}`);
      const result = JSON.parse(text) as APIGatewayProxyStructuredResultV2;
      const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
      const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
      return { status: result.statusCode ?? 200, headers, body };
    },
  };
}
