import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Env, Hono, MiddlewareHandler } from 'hono';

// Interactive API docs at /docs: Swagger UI from the swagger-ui-dist package, served by this
// server, so the page loads nothing from another host (no CDN to trust or to be down) and its
// policy can say so. Kept out of app.ts like the web app, so the API's Lambda bundle carries
// none of Swagger UI's 1.5 MB.

/** The package's files the page needs; nothing else of node_modules is reachable. */
const ASSETS = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
]);

// The page's own start-up script, a file rather than inline so the policy needs no
// 'unsafe-inline' for scripts. validatorUrl null: Swagger UI would otherwise load a badge from
// validator.swagger.io.
const START_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Alex API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

// Only this origin. Swagger UI's stylesheet draws its icons as data: images and its markdown
// rendering sets style attributes; neither reaches another host.
export const API_DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function swaggerUiDistDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** GET /docs and its assets, each with the policy above. */
export function registerApiDocs<E extends Env>(app: Hono<E>): void {
  const distDir = swaggerUiDistDir();
  // Read on first use: most servers never open their docs.
  const cache = new Map<string, Buffer>();
  const read = (file: string) => {
    let bytes = cache.get(file);
    if (!bytes) {
      bytes = readFileSync(join(distDir, file));
      cache.set(file, bytes);
    }
    return bytes;
  };

  app.use('/docs', secured);
  app.use('/docs/*', secured);
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/start.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    return c.body(START_SCRIPT);
  });
  app.get('/docs/:file', (c) => {
    const file = c.req.param('file');
    const contentType = ASSETS.get(file);
    if (!contentType) return c.notFound();
    c.header('content-type', contentType);
    // The package version fixes the content; a day keeps an upgrade visible soon enough.
    c.header('cache-control', 'public, max-age=86400');
    return c.body(new Uint8Array(read(file)));
  });
}

const secured: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('content-security-policy', API_DOCS_CONTENT_SECURITY_POLICY);
  c.header('x-content-type-options', 'nosniff');
  c.header('referrer-policy', 'no-referrer');
};
