import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

// Serves the built web app (web/dist, made by `npm run build:web` and by npm install's
// `prepare`) from `alex serve`. Every GET that is not an API path and names no file answers
// index.html, so the app's own router handles /accounts, /analysis/<id> and reloads.

export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths the API owns: never answered with the app, even when no route matches them. */
const API_PATH = /^\/(api(\/|$)|health$|openapi\.json$|docs(\/|$))/;

// The app loads only its own scripts and styles and calls only its own origin; Recharts sets
// inline style attributes, hence 'unsafe-inline' for styles only. Images from other hosts are
// refused, so a report's markdown cannot make the browser call out.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT =
  'The web app is not built: run `npm run build:web` (npm install runs it too), then reload.';

export function serveWebApp(distDir: string = WEB_DIST_DIR): MiddlewareHandler {
  const indexPath = join(distDir, 'index.html');
  // Made on the first request that finds the build, so building while the server runs works.
  let files: MiddlewareHandler | undefined;
  return async (context, next) => {
    const method = context.req.method;
    if ((method !== 'GET' && method !== 'HEAD') || API_PATH.test(context.req.path)) {
      return next();
    }
    context.header('content-security-policy', CONTENT_SECURITY_POLICY);
    context.header('x-content-type-options', 'nosniff');
    context.header('referrer-policy', 'no-referrer');
    if (!existsSync(indexPath)) return context.text(NOT_BUILT, 503);
    files ??= serveStatic({ root: distDir });
    // Built asset names carry a content hash, so they never change; index.html always may.
    const immutable = context.req.path.startsWith('/assets/');
    context.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    const served = await files(context, async () => {});
    if (served) return served;
    context.header('cache-control', 'no-cache');
    // A missing file (a stale asset name) is a 404, not the app: only page paths fall back.
    if (/\.[a-z0-9]+$/i.test(context.req.path)) return context.text('not found', 404);
    return context.html(readFileSync(indexPath, 'utf8'));
  };
}
