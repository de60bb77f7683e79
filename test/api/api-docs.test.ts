// /docs on a real `alex serve`: Swagger UI from the installed swagger-ui-dist package, every
// asset from this server, and a policy that lets the page reach no other host.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api-server.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

const swaggerUiDist = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

/** Every src and href in the page. */
function referencesIn(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);
}

describe('the API docs page', () => {
  it('references only its own server, under a policy that allows only self', async () => {
    const page = await api.call('/docs', { as: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);

    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\/|src="\/\/|href="\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const references = referencesIn(html);
    expect(references).toEqual([
      '/docs/swagger-ui.css',
      '/docs/swagger-ui-bundle.js',
      '/docs/start.js',
    ]);
  });

  it('serves each asset the page loads: the package’s own files and a start script for /openapi.json', async () => {
    const css = await api.call('/docs/swagger-ui.css', { as: null });
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toBe(readFileSync(join(swaggerUiDist, 'swagger-ui.css'), 'utf8'));

    const bundle = await api.call('/docs/swagger-ui-bundle.js', { as: null });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(bundle.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(Buffer.from(await bundle.arrayBuffer())).toEqual(
      readFileSync(join(swaggerUiDist, 'swagger-ui-bundle.js')),
    );

    const start = await api.call('/docs/start.js', { as: null });
    expect(start.status).toBe(200);
    const script = await start.text();
    expect(script).toContain("url: '/openapi.json'");
    expect(script).toContain('validatorUrl: null');
    expect(script).not.toMatch(/https?:\/\//);
    expect((await api.call('/openapi.json', { as: null })).status).toBe(200);
  });

  it('serves no other file of the package or of node_modules', async () => {
    for (const path of [
      '/docs/index.html',
      '/docs/swagger-initializer.js',
      '/docs/package.json',
      '/docs/..%2F..%2Fpackage.json',
      '/docs/__proto__',
    ]) {
      const response = await api.call(path, { as: null });
      expect(response.status, path).toBe(404);
    }
  });
});
