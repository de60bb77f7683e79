// The auth modes as configured (ALEX_AUTH), on a real server: token mode with its bearer
// token, local mode's loopback-only rule, jwt not yet wired, and the CORS allow-list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { selectAuthenticator } from '../../src/entry/http/auth/select-authenticator.ts';
import { checkServeOptions } from '../../src/entry/http/server.ts';
import { SignJWT } from 'jose';
import {
  generateSigningKey,
  startFakeJwksServer,
  type FakeJwksServer,
  type SigningKey,
} from '../fakes/jwks-server.ts';
import { bodyOf, startTestApi, type TestApi } from './helpers/api-server.ts';

const TOKEN = 'a-test-token-of-enough-length-0123456789';

describe('ALEX_AUTH=token', () => {
  let api: TestApi;
  beforeAll(async () => {
    const env = {
      ALEX_AUTH: 'token',
      ALEX_API_TOKEN: TOKEN,
      ALEX_CORS_ORIGINS: 'http://localhost:3000',
    };
    api = await startTestApi({
      env,
      authenticator: await selectAuthenticator(loadConfig(env).api),
    });
  }, 120_000);
  afterAll(async () => {
    await api.close();
  });

  it('accepts the token and answers as the one token user', async () => {
    const response = await api.call('/api/user', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const { user } = await bodyOf<{ user: Record<string, unknown> }>(response);
    expect(user['clerk_user_id']).toBe('token');
  });

  it('refuses a missing, wrong, truncated or extended token with 401, never echoing it', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong',
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Basic ${TOKEN}`,
    ]) {
      const response = await api.call('/api/accounts', {
        as: null,
        ...(authorization ? { headers: { authorization } } : {}),
      });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const text = await response.text();
      expect(text).toContain('urn:alex:problem:unauthenticated');
      expect(text).not.toContain(TOKEN.slice(0, 12));
    }
  });

  it('answers /health and /openapi.json without a token', async () => {
    expect((await api.call('/health', { as: null })).status).toBe(200);
    expect((await api.call('/openapi.json', { as: null })).status).toBe(200);
  });

  it('allows a CORS preflight from a listed origin only, with authorization and content-type', async () => {
    const preflight = (origin: string) =>
      api.call('/api/accounts', {
        as: null,
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('http://localhost:3000');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const headers = allowed.headers.get('access-control-allow-headers') ?? '';
    expect(headers).toContain('authorization');
    expect(headers).toContain('content-type');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('auth configuration', () => {
  it('refuses ALEX_AUTH=local on a non-loopback address, saying why', () => {
    const config = loadConfig({ ALEX_DATA_DIR: '/nonexistent' });
    expect(() => checkServeOptions(config, { host: '0.0.0.0', worker: true })).toThrow(
      /--host: ALEX_AUTH=local .* loopback/,
    );
    for (const host of ['127.0.0.1', '::1', 'localhost', '[::1]']) {
      expect(() => checkServeOptions(config, { host, worker: true })).not.toThrow();
    }
    const token = loadConfig({ ALEX_AUTH: 'token', ALEX_API_TOKEN: TOKEN });
    expect(() => checkServeOptions(token, { host: '0.0.0.0', worker: true })).not.toThrow();
  });

  it('needs ALEX_API_TOKEN for token mode, long enough, and redacts it', () => {
    expect(() => loadConfig({ ALEX_AUTH: 'token' })).toThrow(/ALEX_API_TOKEN: is required/);
    expect(() => loadConfig({ ALEX_AUTH: 'token', ALEX_API_TOKEN: 'short' })).toThrow(
      /ALEX_API_TOKEN: must be at least 16/,
    );
    const config = loadConfig({ ALEX_AUTH: 'token', ALEX_API_TOKEN: TOKEN });
    expect(JSON.stringify(config)).not.toContain(TOKEN);
  });

  it('requires the JWKS URL, issuer and audience for ALEX_AUTH=jwt', () => {
    expect(() => loadConfig({ ALEX_AUTH: 'jwt' })).toThrow(/ALEX_JWT_JWKS_URL: is required/);
  });
});

describe('ALEX_AUTH=jwt (Clerk-style tokens, keys from a JWKS endpoint on loopback)', () => {
  const ISSUER = 'https://clerk.example.test';
  const AUDIENCE = 'alex-api';
  let api: TestApi;
  let jwks: FakeJwksServer;
  let key: SigningKey;

  const token = (sub: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ sub, ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(key.privateKey);

  beforeAll(async () => {
    key = await generateSigningKey('RS256', 'rsa-api');
    jwks = await startFakeJwksServer([key]);
    const env = {
      ALEX_AUTH: 'jwt',
      ALEX_JWT_JWKS_URL: jwks.jwksUrl,
      ALEX_JWT_ISSUER: ISSUER,
      ALEX_JWT_AUDIENCE: AUDIENCE,
    };
    api = await startTestApi({
      env,
      authenticator: await selectAuthenticator(loadConfig(env).api),
    });
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await jwks.close();
  });

  it('creates the user from the claims on the first call, keyed by the token subject', async () => {
    const bearer = `Bearer ${await token('user_2jwtAlice', { name: 'Alice Example', email: 'alice@example.test' })}`;
    const first = await api.call('/api/user', { as: null, headers: { authorization: bearer } });
    expect(first.status).toBe(200);
    const created = await bodyOf<{ user: Record<string, unknown>; created: boolean }>(first);
    expect(created.created).toBe(true);
    expect(created.user['clerk_user_id']).toBe('user_2jwtAlice');
    expect(created.user['display_name']).toBe('Alice Example');
    const again = await bodyOf<{ created: boolean }>(
      await api.call('/api/user', { as: null, headers: { authorization: bearer } }),
    );
    expect(again.created).toBe(false);
  });

  it("keeps one subject's accounts from another: a 404, not a 403", async () => {
    const alice = `Bearer ${await token('user_2jwtAlice')}`;
    const bob = `Bearer ${await token('user_2jwtBob')}`;
    const made = await api.call('/api/accounts', {
      as: null,
      method: 'POST',
      headers: { authorization: alice, 'content-type': 'application/json' },
      body: JSON.stringify({ account_name: 'Alice ISA' }),
    });
    expect(made.status).toBeLessThan(300);
    const account = await bodyOf<{ id: string }>(made);
    const peek = await api.call(`/api/accounts/${account.id}/positions`, {
      as: null,
      headers: { authorization: bob },
    });
    expect(peek.status).toBe(404);
  });

  it('refuses a token signed by a key the JWKS does not hold', async () => {
    const stranger = await generateSigningKey('RS256', 'rsa-api');
    const forged = await new SignJWT({ sub: 'user_2jwtAlice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-api', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('60s')
      .sign(stranger.privateKey);
    const response = await api.call('/api/user', {
      as: null,
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(forged.slice(0, 20));
  });
});
