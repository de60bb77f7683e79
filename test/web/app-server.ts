// A real `alex serve` or `alex start` (fresh embedded database; offline writers unless the
// environment points agents elsewhere) with the web app built from the current source, for the
// browser tests. The app is served by the same serveWebApp middleware the server mounts, on a
// loopback front that passes /api and /health through to the API untouched (SSE streams
// included), so the browser sees one origin as in production.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { serveWebApp } from '../../src/entry/http/web-assets.ts';
import { startAlex, type AlexProcess } from '../helpers/worker-process.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const viteBin = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');

export interface AppServer {
  /** The origin the browser opens: the app, with the API behind /api. */
  url: string;
  /** The API itself, for reading what the page should show. */
  apiUrl: string;
  api: AlexProcess;
  stop(): Promise<void>;
}

/** Builds the web app from the current source into `outDir` (once per test file is enough). */
export function buildWebApp(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [viteBin, 'build', 'web', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build failed (${code}): ${stderr}`)),
    );
  });
}

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
];

function frontFor(apiUrl: string, distDir: string): Hono {
  const app = new Hono();
  const passThrough = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.delete('host');
    const body =
      request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : await request.arrayBuffer();
    const answer = await fetch(`${apiUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
    });
    const answerHeaders = new Headers(answer.headers);
    for (const name of HOP_BY_HOP) answerHeaders.delete(name);
    return new Response(answer.body, { status: answer.status, headers: answerHeaders });
  };
  app.all('/api/*', (context) => passThrough(context.req.raw));
  app.get('/health', (context) => passThrough(context.req.raw));
  app.use('*', serveWebApp(distDir));
  return app;
}

export interface AppServerOptions {
  /** The built web app (see buildWebApp). */
  distDir: string;
  /** `serve` (the default) or `start`, which also seeds the demo and starts its analysis. */
  command?: 'serve' | 'start';
  /** More environment for the server, e.g. agents' models on a fake model server. */
  env?: Record<string, string>;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const directory = mkdtempSync(join(tmpdir(), 'alex-web-e2e-'));
  const command = options.command ?? 'serve';
  const args =
    command === 'serve'
      ? ['serve', '--port', '0', '--host', '127.0.0.1']
      : ['start', '--port', '0'];
  const api = startAlex(args, {
    cwd: directory,
    env: { ALEX_DATA_DIR: join(directory, '.alex'), ...options.env },
  });
  let apiUrl: string | undefined;
  try {
    if (command === 'serve') {
      await api.waitForOutput('Alex API on', 90_000);
      apiUrl = /Alex API on (http:\/\/[\d.:]+)/.exec(api.stderr)?.[1];
    } else {
      // Its last notice, whether the demo analysis started or not.
      await api.waitForOutput('Ctrl-C stops the server', 90_000);
      apiUrl = (await api.waitForStdout(/Alex is running at (http:\/\/[\d.:]+)\n/))[1];
    }
    if (!apiUrl) throw new Error(`alex ${command} printed no URL: ${api.stdout}${api.stderr}`);
  } catch (error) {
    await api.stop('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const front = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve(
      { fetch: frontFor(apiUrl, options.distDir).fetch, port: 0, hostname: '127.0.0.1' },
      () => resolve(server),
    );
  });
  const { port } = front.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiUrl,
    api,
    stop: async () => {
      // Open event streams would keep close() waiting; the test is over, so end them.
      (front as Server).closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await api.stop('SIGTERM', 30_000);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
