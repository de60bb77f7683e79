// A local stand-in for an identity provider's key endpoint (Clerk's
// `/.well-known/jwks.json`) on 127.0.0.1 and a random port. It publishes the public halves
// of the keys it was given, which a test can add to (key rotation), and counts the requests
// so a test can see when the verifier fetched. `answerWith` makes it fail (an HTTP status)
// or never answer (to exercise the fetch timeout).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export interface FakeJwksServer {
  /** `http://127.0.0.1:<port>/.well-known/jwks.json` */
  jwksUrl: string;
  /** How many times the key set was requested. */
  readonly requestCount: number;
  /** Publishes another key (the provider rotating its keys). */
  publish(key: SigningKey): void;
  /** `'keys'` (the default), an HTTP status to answer instead, or `'hang'` to never answer. */
  answerWith(behaviour: 'keys' | 'hang' | number): void;
  close(): Promise<void>;
}

/**
 * A key pair whose public half is published under `kid`. Some providers leave `alg` out of
 * their JWKS entries (`publishAlg: false`); then only the verifier's allow-list stops a token
 * from choosing another algorithm for the same key.
 */
export async function generateSigningKey(
  alg: 'RS256' | 'ES256',
  kid: string,
  options: { publishAlg?: boolean } = {},
): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig' };
  const publicJwk = options.publishAlg === false ? jwk : { ...jwk, alg };
  return { kid, alg, privateKey, publicKey, publicJwk };
}

export async function startFakeJwksServer(keys: SigningKey[]): Promise<FakeJwksServer> {
  const published = [...keys];
  let behaviour: 'keys' | 'hang' | number = 'keys';
  let requestCount = 0;
  const hanging = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    requestCount += 1;
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
    } else if (behaviour === 'hang') {
      hanging.add(response);
    } else if (typeof behaviour === 'number') {
      response.writeHead(behaviour, { 'content-type': 'text/plain' }).end('unavailable');
    } else {
      const body = JSON.stringify({ keys: published.map((key) => key.publicJwk) });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get requestCount() {
      return requestCount;
    },
    publish(key) {
      published.push(key);
    },
    answerWith(next) {
      behaviour = next;
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
