// A local stand-in for AWS Secrets Manager on 127.0.0.1, speaking the JSON 1.1 protocol the
// real `@aws-sdk/client-secrets-manager` uses (POST /, `X-Amz-Target:
// secretsmanager.GetSecretValue`). Point a client at it with `endpoint` or, for the default
// client a Lambda builds, AWS_ENDPOINT_URL_SECRETS_MANAGER. The test sets what it answers:
// a value, no value yet (a secret created without a version), or an outage (the connection
// is dropped, as when the service or the network is unreachable).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SecretState =
  { kind: 'value'; secretString: string } | { kind: 'no-value' } | { kind: 'unreachable' };

export interface FakeSecretsManager {
  endpoint: string;
  /** Targets of the requests received, e.g. `secretsmanager.GetSecretValue`. */
  requests: string[];
  set(state: SecretState): void;
  close(): Promise<void>;
}

export async function startFakeSecretsManager(initial: SecretState): Promise<FakeSecretsManager> {
  let state = initial;
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      requests.push(target);
      if (state.kind === 'unreachable') {
        request.socket.destroy();
        return;
      }
      if (target !== 'secretsmanager.GetSecretValue') {
        send(response, 400, { __type: 'InvalidRequestException', message: `no ${target}` });
        return;
      }
      if (state.kind === 'no-value') {
        send(response, 400, {
          __type: 'ResourceNotFoundException',
          message:
            "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        });
        return;
      }
      send(response, 200, {
        ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/api-keys-AbCdEf',
        Name: 'alex/agents/api-keys',
        VersionId: '11111111-2222-3333-4444-555555555555',
        SecretString: state.secretString,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_764_000_000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    set(next) {
      state = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}
