// An API Gateway HTTP API request as it reaches a Lambda function (payload format 2.0, the
// $default route and stage of infra/terraform/agents/api.tf), for the API function's tests.
import { randomUUID } from 'node:crypto';

/** An HTTP API request as API Gateway hands it to the function (payload format 2.0). */
export function httpApiEvent(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
) {
  const [rawPath = '/', rawQueryString = ''] = path.split('?');
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-forwarded-proto': 'https',
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'curl/8.5.0',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
  };
}
