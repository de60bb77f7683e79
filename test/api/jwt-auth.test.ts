// ALEX_AUTH=jwt against a real JWKS endpoint on loopback: RS256 and ES256 keys generated
// here, tokens signed here, and every forgery the verifier must refuse.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { base64url, exportPKCS8, exportSPKI, importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { createJwtAuthenticator } from '../../src/entry/http/auth/jwt.ts';
import { AuthenticationError } from '../../src/entry/http/auth/authenticator.ts';
import { ConfigError, UpstreamError } from '../../src/errors.ts';
import {
  generateSigningKey,
  startFakeJwksServer,
  type FakeJwksServer,
  type SigningKey,
} from '../fakes/jwks-server.ts';

const ISSUER = 'https://clerk.example.test';
const AUDIENCE = 'alex-api';
const CLERK_USER_ID = 'user_2abcDEF0123456789ghijklmnop';

let rsaKey: SigningKey;
let ecKey: SigningKey;
let jwks: FakeJwksServer;

beforeAll(async () => {
  rsaKey = await generateSigningKey('RS256', 'rsa-1');
  ecKey = await generateSigningKey('ES256', 'ec-1');
  jwks = await startFakeJwksServer([rsaKey, ecKey]);
});

afterAll(async () => {
  await jwks.close();
});

afterEach(() => {
  vi.useRealTimers();
  jwks.answerWith('keys');
});

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

interface TokenOptions {
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  /** Seconds from now; default 60 (a Clerk session token's lifetime). */
  expiresIn?: number;
  /** Seconds from now. */
  notBefore?: number;
  kid?: string;
}

async function signToken(key: SigningKey, options: TokenOptions = {}): Promise<string> {
  const jwt = new SignJWT({ sub: CLERK_USER_ID, ...options.claims })
    .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(nowSeconds() + (options.expiresIn ?? 60));
  if (options.notBefore !== undefined) jwt.setNotBefore(nowSeconds() + options.notBefore);
  return jwt.sign(key.privateKey);
}

function authenticator(clockToleranceSeconds?: number) {
  return createJwtAuthenticator({
    jwksUrl: jwks.jwksUrl,
    issuer: ISSUER,
    audience: AUDIENCE,
    ...(clockToleranceSeconds === undefined ? {} : { clockToleranceSeconds }),
  });
}

/** The header is refused with a generic AuthenticationError that does not quote the token. */
async function expectRejected(header: string | undefined, reason = 'invalid or expired token') {
  const error: unknown = await authenticator()
    .authenticate(header)
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  expect(error).toBeInstanceOf(AuthenticationError);
  expect((error as AuthenticationError).reason).toBe(reason);
  const credentials = header?.split(' ').slice(1) ?? [];
  for (const credential of credentials) expect((error as Error).message).not.toContain(credential);
}

function tamper(token: string, part: 0 | 1 | 2, replace: (segment: string) => string): string {
  const parts = token.split('.');
  parts[part] = replace(parts[part] ?? '');
  return parts.join('.');
}

function encodeSegment(value: object): string {
  return base64url.encode(JSON.stringify(value));
}

describe('a valid token', () => {
  it('signed with RS256 gives the caller its Clerk user id, name and email', async () => {
    const token = await signToken(rsaKey, {
      claims: { name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    await expect(authenticator().authenticate(`Bearer ${token}`)).resolves.toEqual({
      externalId: CLERK_USER_ID,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
  });

  it('signed with ES256 is accepted', async () => {
    const token = await signToken(ecKey);
    await expect(authenticator().authenticate(`Bearer ${token}`)).resolves.toEqual({
      externalId: CLERK_USER_ID,
    });
  });

  it('without a name claim takes the name from given_name and family_name', async () => {
    const token = await signToken(rsaKey, {
      claims: { given_name: 'Grace', family_name: 'Hopper' },
    });
    const caller = await authenticator().authenticate(`Bearer ${token}`);
    expect(caller.name).toBe('Grace Hopper');
  });

  it('with an email claim that is not an address leaves the email unknown', async () => {
    const token = await signToken(rsaKey, { claims: { email: 'not an address' } });
    const caller = await authenticator().authenticate(`Bearer ${token}`);
    expect(caller).toEqual({ externalId: CLERK_USER_ID });
  });

  it('is accepted with the scheme in any letter case', async () => {
    const token = await signToken(rsaKey);
    const caller = await authenticator().authenticate(`bearer ${token}`);
    expect(caller.externalId).toBe(CLERK_USER_ID);
  });

  it('expired less than the clock tolerance ago is still accepted', async () => {
    const token = await signToken(rsaKey, { expiresIn: -20 });
    const caller = await authenticator().authenticate(`Bearer ${token}`);
    expect(caller.externalId).toBe(CLERK_USER_ID);
  });
});

describe('a token is refused when it is', () => {
  it('expired beyond the default 30 s tolerance', async () => {
    await expectRejected(`Bearer ${await signToken(rsaKey, { expiresIn: -40 })}`);
  });

  it('expired by a few seconds with the tolerance set to 0', async () => {
    const token = await signToken(rsaKey, { expiresIn: -5 });
    await expect(authenticator(0).authenticate(`Bearer ${token}`)).rejects.toThrow(
      AuthenticationError,
    );
  });

  it('not valid yet', async () => {
    await expectRejected(`Bearer ${await signToken(rsaKey, { notBefore: 120 })}`);
  });

  it('from another issuer', async () => {
    const token = await signToken(rsaKey, { issuer: 'https://evil.example.test' });
    await expectRejected(`Bearer ${token}`);
  });

  it('for another audience', async () => {
    await expectRejected(`Bearer ${await signToken(rsaKey, { audience: 'another-api' })}`);
  });

  it('unsigned (alg: none)', async () => {
    const header = encodeSegment({ alg: 'none', typ: 'JWT' });
    const payload = encodeSegment({
      sub: CLERK_USER_ID,
      iss: ISSUER,
      aud: AUDIENCE,
      exp: nowSeconds() + 60,
    });
    await expectRejected(`Bearer ${header}.${payload}.`);
  });

  it('HS256 signed with the public key text as the secret', async () => {
    const publicKeyPem = await exportSPKI(rsaKey.publicKey);
    const token = await new SignJWT({ sub: CLERK_USER_ID })
      .setProtectedHeader({ alg: 'HS256', kid: rsaKey.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(nowSeconds() + 60)
      .sign(new TextEncoder().encode(publicKeyPem));
    await expectRejected(`Bearer ${token}`);
  });

  it('signed with an RSA algorithm other than RS256 by a key published without alg', async () => {
    const bareKey = await generateSigningKey('RS256', 'rsa-no-alg', { publishAlg: false });
    jwks.publish(bareKey);
    const verifier = authenticator();
    // The same key signs an RS256 token that is accepted, so only the algorithm differs.
    const accepted = await verifier.authenticate(`Bearer ${await signToken(bareKey)}`);
    expect(accepted.externalId).toBe(CLERK_USER_ID);
    const token = await new SignJWT({ sub: CLERK_USER_ID })
      .setProtectedHeader({ alg: 'PS256', kid: bareKey.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(nowSeconds() + 60)
      .sign(await importPKCS8(await exportPKCS8(bareKey.privateKey), 'PS256'));
    await expect(verifier.authenticate(`Bearer ${token}`)).rejects.toThrow(AuthenticationError);
  });

  it('signed by a key the provider does not publish (unknown kid)', async () => {
    const stranger = await generateSigningKey('RS256', 'not-published');
    await expectRejected(`Bearer ${await signToken(stranger)}`);
  });

  it('signed by another key under a published kid', async () => {
    const impostor = await generateSigningKey('RS256', rsaKey.kid);
    await expectRejected(`Bearer ${await signToken(impostor)}`);
  });

  it('carrying a tampered signature', async () => {
    const token = await signToken(rsaKey);
    const tampered = tamper(token, 2, (signature) =>
      signature.replace(/^(.{10})(.)/, (_, head: string, character: string) =>
        head.concat(character === 'A' ? 'B' : 'A'),
      ),
    );
    expect(tampered).not.toBe(token);
    await expectRejected(`Bearer ${tampered}`);
  });

  it('carrying a payload changed after signing', async () => {
    const token = await signToken(rsaKey);
    const tampered = tamper(token, 1, () =>
      encodeSegment({
        sub: 'user_someoneelse',
        iss: ISSUER,
        aud: AUDIENCE,
        exp: nowSeconds() + 60,
      }),
    );
    await expectRejected(`Bearer ${tampered}`);
  });

  it('without a sub', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: rsaKey.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(nowSeconds() + 60)
      .sign(rsaKey.privateKey);
    await expectRejected(`Bearer ${token}`);
  });

  it('without an expiry', async () => {
    const token = await new SignJWT({ sub: CLERK_USER_ID })
      .setProtectedHeader({ alg: 'RS256', kid: rsaKey.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(rsaKey.privateKey);
    await expectRejected(`Bearer ${token}`);
  });

  it('naming a sub that is not a plain identifier', async () => {
    await expectRejected(`Bearer ${await signToken(rsaKey, { claims: { sub: 'user 2abc' } })}`);
  });

  it('not a JWT at all', async () => {
    await expectRejected('Bearer not.a.jwt');
    await expectRejected('Bearer abc');
  });
});

describe('the Authorization header', () => {
  it('missing is refused', async () => {
    await expectRejected(undefined, 'missing Authorization header');
    await expectRejected('', 'missing Authorization header');
  });

  it('with another scheme is refused', async () => {
    const token = await signToken(rsaKey);
    await expectRejected(`Basic ${token}`, 'Authorization header must be "Bearer <token>"');
    await expectRejected('Bearer', 'Authorization header must be "Bearer <token>"');
    await expectRejected(`Bearer ${token} extra`, 'Authorization header must be "Bearer <token>"');
  });
});

describe('the key set', () => {
  it('is fetched once and cached across requests', async () => {
    const verifier = authenticator();
    const before = jwks.requestCount;
    for (let index = 0; index < 3; index += 1) {
      await verifier.authenticate(`Bearer ${await signToken(rsaKey)}`);
    }
    expect(jwks.requestCount - before).toBe(1);
  });

  it('is fetched again for a new kid after the cooldown, so a rotated key is accepted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-04T12:00:00Z'));
    const verifier = authenticator();
    await verifier.authenticate(`Bearer ${await signToken(rsaKey)}`);
    const fetchesAfterFirst = jwks.requestCount;

    const rotated = await generateSigningKey('ES256', 'ec-2');
    jwks.publish(rotated);
    // Within jose's 30 s cooldown an unknown kid does not refetch: forged kids cannot make
    // us hammer the provider.
    await expect(verifier.authenticate(`Bearer ${await signToken(rotated)}`)).rejects.toThrow(
      AuthenticationError,
    );
    expect(jwks.requestCount).toBe(fetchesAfterFirst);

    vi.setSystemTime(new Date('2026-12-04T12:00:31Z'));
    const caller = await verifier.authenticate(`Bearer ${await signToken(rotated)}`);
    expect(caller.externalId).toBe(CLERK_USER_ID);
    expect(jwks.requestCount).toBe(fetchesAfterFirst + 1);
  });

  it('failing to load is an upstream error, not the caller being refused', async () => {
    jwks.answerWith(503);
    const token = await signToken(rsaKey);
    const error: unknown = await authenticator()
      .authenticate(`Bearer ${token}`)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(true);
    expect((error as Error).message).not.toContain(token);
  });

  it('not answering fails the request after the fetch timeout', async () => {
    jwks.answerWith('hang');
    const token = await signToken(rsaKey);
    await expect(authenticator().authenticate(`Bearer ${token}`)).rejects.toThrow(
      /jwks: 127\.0\.0\.1:\d+ did not answer within 3000 ms/,
    );
  }, 10_000);
});

describe('the options', () => {
  it('refuse a clock tolerance over 300 s, naming the variable', () => {
    expect(() => authenticator(301)).toThrow(ConfigError);
    expect(() => authenticator(301)).toThrow(/ALEX_JWT_CLOCK_TOLERANCE_SECONDS/);
    expect(() => authenticator(-1)).toThrow(ConfigError);
    expect(authenticator(300).mode).toBe('jwt');
  });

  it('refuse a key set over plain http to another machine', () => {
    expect(() =>
      createJwtAuthenticator({
        jwksUrl: 'http://clerk.example.test/.well-known/jwks.json',
        issuer: ISSUER,
        audience: AUDIENCE,
      }),
    ).toThrow(/ALEX_JWT_JWKS_URL: must use https/);
  });

  it('refuse an empty issuer or audience', () => {
    const base = { jwksUrl: jwks.jwksUrl, issuer: ISSUER, audience: AUDIENCE };
    expect(() => createJwtAuthenticator({ ...base, issuer: ' ' })).toThrow(/ALEX_JWT_ISSUER/);
    expect(() => createJwtAuthenticator({ ...base, audience: '' })).toThrow(/ALEX_JWT_AUDIENCE/);
  });
});
