// API Gateway HTTP API payload-v2 events as AWS sends them to Lambda
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function httpApiEvent(method: string, path: string, body?: string, options: { base64?: boolean } = {}): APIGatewayProxyEventV2 {
  const isGreedy = path.startsWith('/v1/models/');
  return {
    version: '2.0',
    routeKey: isGreedy ? `${method} /v1/models/{proxy+}` : `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc123.execute-api.us-east-1.amazonaws.com', 'user-agent': 'curl/8.5.0' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: isGreedy ? `${method} /v1/models/{proxy+}` : `${method} ${path}`,
      stage: '$default',
      time: '21/Nov/2026:03:30:00 +0000',
      timeEpoch: 1795750200000,
    },
    ...(isGreedy ? { pathParameters: { proxy: path.slice('/v1/models/'.length) } } : {}),
    ...(body === undefined ? {} : { body: options.base64 ? Buffer.from(body).toString('base64') : body, isBase64Encoded: !!options.base64 }),
  } as APIGatewayProxyEventV2;
}

/** A Lambda context with the deadline `ms` away (middy reads getRemainingTimeInMillis for timeoutEarly). */
export function lambdaContext(ms = 30_000): any {
  const deadline = Date.now() + ms;
  return {
    functionName: 'tf-serverless-test-api',
    awsRequestId: 'req-1',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    callbackWaitsForEmptyEventLoop: true,
  };
}
