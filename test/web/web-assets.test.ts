import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices } from '../../src/entry/compose.ts';
import { startApiServer } from '../../src/entry/http/server.ts';
import { serveWebApp } from '../../src/entry/http/web-assets.ts';
import { silentLogger } from '../../src/log.ts';

// The built app served by `alex serve`: files, the SPA fallback for page paths, and the API's
// paths left alone (an unknown API route must stay a 404, never become the app's HTML).

let distDir: string;
let app: Hono;

beforeAll(() => {
  distDir = mkdtempSync(join(tmpdir(), 'alex-web-dist-'));
  mkdirSync(join(distDir, 'assets'));
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(distDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(distDir, '..', 'secret-outside-dist.txt'), 'outside');
  app = new Hono();
  app.get('/api/accounts', (context) => context.json([]));
  app.use('*', serveWebApp(distDir));
});

afterAll(() => {
  rmSync(distDir, { recursive: true, force: true });
  rmSync(join(distDir, '..', 'secret-outside-dist.txt'), { force: true });
});

describe('serveWebApp', () => {
  it('answers index.html at / and at any page path, without caching it', async () => {
    for (const path of ['/', '/accounts', '/analysis/0b6c9a52-1111-4222-8333-444455556666']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain('<div id="root">');
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('serves built assets as immutable files with their content type', async () => {
    const response = await app.request('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers 404 for a missing asset instead of the app', async () => {
    const response = await app.request('/assets/index-old999.js');
    expect(response.status).toBe(404);
  });

  it('leaves API paths to the API: a known route answers, an unknown one stays a 404', async () => {
    expect(await (await app.request('/api/accounts')).json()).toEqual([]);
    const unknown = await app.request('/api/no-such-route');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain('<div id="root">');
    expect((await app.request('/health')).status).toBe(404);
  });

  it('does not serve files outside the dist folder', async () => {
    const response = await app.request('/..%2fsecret-outside-dist.txt');
    expect(await response.text()).not.toContain('outside');
  });

  it('sends a content security policy that refuses other hosts', async () => {
    const policy = (await app.request('/')).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("img-src 'self' data:");
    expect(policy).toContain("connect-src 'self'");
  });

  it('says how to build the app when web/dist is missing', async () => {
    const unbuilt = new Hono();
    unbuilt.use('*', serveWebApp(join(distDir, 'no-such-folder')));
    const response = await unbuilt.request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:web');
  });

  it('serves the app once it is built, without a restart', async () => {
    const later = join(distDir, '..', `built-later-${process.pid}`);
    const app = new Hono();
    app.use('*', serveWebApp(later));
    expect((await app.request('/')).status).toBe(503);
    mkdirSync(later, { recursive: true });
    writeFileSync(join(later, 'index.html'), '<!doctype html><title>Alex later</title>');
    try {
      const response = await app.request('/');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Alex later');
    } finally {
      rmSync(later, { recursive: true, force: true });
    }
  });
});

describe('startApiServer with webDistDir', () => {
  it('serves the build it is given instead of web/dist (the web app bench builds elsewhere)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'alex-web-dist-server-'));
    const services = await createServices(loadConfig({ ALEX_DATA_DIR: join(dataDir, 'data') }), {
      logger: silentLogger(),
    });
    try {
      const server = await startApiServer(services, {
        port: 0,
        host: '127.0.0.1',
        worker: true,
        webDistDir: distDir,
      });
      try {
        const page = await fetch(`${server.url}/settings`);
        expect(page.status).toBe(200);
        expect(await page.text()).toBe('<!doctype html><div id="root"></div>');
        expect((await fetch(`${server.url}/assets/index-abc123.js`)).status).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
