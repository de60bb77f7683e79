// The auth modes as configured (ALEX_AUTH), on a real server: token mode with its bearer
// token, local mode's loopback-only rule, jwt not yet wired, and the CORS allow-list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { selectAuthenticator } from '../../src/entry/http/auth/select-authenticator.ts';
import { checkServeOptions } from '../../src/entry/http/server.ts';
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
    api = await startTestApi({ env, authenticator: selectAuthenticator(loadConfig(env).api) });
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

  it('says that ALEX_AUTH=jwt is not wired yet, once its settings are given', () => {
    expect(() => loadConfig({ ALEX_AUTH: 'jwt' })).toThrow(/ALEX_JWT_JWKS_URL: is required/);
    const config = loadConfig({
      ALEX_AUTH: 'jwt',
      ALEX_JWT_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
      ALEX_JWT_ISSUER: 'https://issuer.example',
      ALEX_JWT_AUDIENCE: 'alex',
    });
    expect(() => selectAuthenticator(config.api)).toThrow(/ALEX_AUTH=jwt: not wired yet/);
  });
});
