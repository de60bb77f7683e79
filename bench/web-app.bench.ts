// The web app's two budgets from issue 15, measured on a build of the current source:
// - initial JavaScript: the entry chunk of index.html and every chunk it imports statically
//   (Vite's manifest), each gzipped with zlib, against 250 KB (250,000 bytes). What loads later
//   (screens and charts behind dynamic imports) is listed apart. The set is checked against the
//   scripts and module preloads index.html really names.
// - the dashboard's first render: Debian's Chromium (playwright-core) opens the dashboard of the
//   demo portfolio served by `alex serve` on loopback (embedded database, in this process), in
//   a fresh browser context each time (nothing cached), and the time from navigation start to
//   the total value being visible is read from the page's own clock (performance.now()),
//   against 1 s. The reference, measured the same way in the same run, is navigating to the
//   server's /health: the floor that the browser, the loopback and the server set on this machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { z } from 'zod';
import { loadConfig } from '../src/config.ts';
import { createServices } from '../src/entry/compose.ts';
import { startApiServer } from '../src/entry/http/server.ts';
import { silentLogger } from '../src/log.ts';
import { parseJson } from '../src/parse-json.ts';
import { seedDemoPortfolio } from '../src/store/seeds/demo-portfolio.ts';

export const INITIAL_JS_TARGET_GZIP_BYTES = 250_000;
export const DASHBOARD_TARGET_MS = 1_000;
const CHROMIUM = '/usr/bin/chromium';
const RUNS = 7;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const manifestSchema = z.record(
  z.string(),
  z
    .object({
      file: z.string(),
      isEntry: z.boolean().optional(),
      imports: z.array(z.string()).optional(),
      dynamicImports: z.array(z.string()).optional(),
    })
    .loose(),
);
type Manifest = z.infer<typeof manifestSchema>;

function buildWithManifest(outDir: string): Promise<void> {
  const viteBin = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [viteBin, 'build', 'web', '--outDir', outDir, '--emptyOutDir', '--manifest'],
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

/** Manifest keys of the entry and everything it imports statically, transitively. */
function staticClosure(manifest: Manifest, entryKey: string): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  visit(entryKey);
  return seen;
}

/** The JavaScript files index.html loads before anything runs: its module scripts and preloads. */
function scriptsNamedBy(indexHtml: string): Set<string> {
  const files = new Set<string>();
  for (const match of indexHtml.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g))
    files.add(match[1] ?? '');
  for (const match of indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g))
    files.add(match[1] ?? '');
  return files;
}

function gzipBytes(path: string): number {
  return gzipSync(readFileSync(path)).length;
}

export function initialJavaScript(distDir: string) {
  const manifest = parseJson(
    readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8'),
    manifestSchema,
    'the Vite manifest',
  );
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entryKey) throw new Error('the Vite manifest has no entry');
  const initialKeys = staticClosure(manifest, entryKey);
  const initialFiles = [...initialKeys].map((key) => manifest[key]?.file ?? key);
  const named = scriptsNamedBy(readFileSync(join(distDir, 'index.html'), 'utf8'));
  const missing = [...named].filter((file) => !initialFiles.includes(file));
  if (missing.length > 0) {
    throw new Error(`index.html loads ${missing.join(', ')}, which the manifest's entry lacks`);
  }
  const sizes = (files: string[]) =>
    Object.fromEntries(files.map((file) => [file, gzipBytes(join(distDir, file))] as const));
  const initial = sizes(initialFiles);
  const lazyFiles = Object.entries(manifest)
    .filter(([key, chunk]) => !initialKeys.has(key) && chunk.file.endsWith('.js'))
    .map(([, chunk]) => chunk.file);
  const total = Object.values(initial).reduce((sum, bytes) => sum + bytes, 0);
  return {
    target_gzip_bytes: INITIAL_JS_TARGET_GZIP_BYTES,
    initial_gzip_bytes: total,
    initial_vs_target: Number((total / INITIAL_JS_TARGET_GZIP_BYTES).toFixed(2)),
    under_target: total < INITIAL_JS_TARGET_GZIP_BYTES,
    initial_files: initial,
    loaded_later_gzip_bytes: sizes(lazyFiles),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Navigation start to `ready` on the page's own clock, in a context with nothing cached. */
async function timeNavigation(
  browser: Browser,
  url: string,
  ready: 'load' | 'total-value',
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      (what) => {
        let done: boolean;
        if (what === 'load') {
          done = document.readyState === 'complete';
        } else {
          const element = document.querySelector('[data-testid="total-value"]');
          done =
            element instanceof HTMLElement &&
            /^\$\d/.test(element.textContent ?? '') &&
            element.getBoundingClientRect().height > 0;
        }
        return done ? performance.now() : false;
      },
      ready,
      { polling: 'raf', timeout: 60_000 },
    );
    return Number(await handle.jsonValue());
  } finally {
    await context.close();
  }
}

async function dashboardRender(distDir: string) {
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} not found` };
  const directory = mkdtempSync(join(tmpdir(), 'alex-bench-web-'));
  const services = await createServices(loadConfig({ ALEX_DATA_DIR: join(directory, 'data') }), {
    logger: silentLogger(),
  });
  let browser: Browser | undefined;
  try {
    await seedDemoPortfolio(services.repositories);
    const server = await startApiServer(services, {
      port: 0,
      host: '127.0.0.1',
      worker: true,
      webDistDir: distDir,
    });
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox'],
      });
      // One of each first, unmeasured: the server's and the browser's first requests warm up.
      await timeNavigation(browser, `${server.url}/`, 'total-value');
      await timeNavigation(browser, `${server.url}/health`, 'load');
      const dashboard: number[] = [];
      const reference: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        dashboard.push(await timeNavigation(browser, `${server.url}/`, 'total-value'));
        reference.push(await timeNavigation(browser, `${server.url}/health`, 'load'));
      }
      const dashboardMs = median(dashboard);
      const referenceMs = median(reference);
      return {
        target_ms: DASHBOARD_TARGET_MS,
        runs: RUNS,
        total_value_visible_median_ms: Math.round(dashboardMs),
        total_value_visible_max_ms: Math.round(Math.max(...dashboard)),
        health_navigation_median_ms: Math.round(referenceMs),
        vs_target: Number((dashboardMs / DASHBOARD_TARGET_MS).toFixed(2)),
        vs_health_navigation: Number((dashboardMs / referenceMs).toFixed(2)),
        under_target: dashboardMs < DASHBOARD_TARGET_MS,
      };
    } finally {
      await browser?.close();
      await server.close();
    }
  } finally {
    await services.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const buildDir = mkdtempSync(join(tmpdir(), 'alex-bench-web-build-'));
  const distDir = join(buildDir, 'dist');
  try {
    await buildWithManifest(distDir);
    return {
      initial_javascript: initialJavaScript(distDir),
      dashboard_render: await dashboardRender(distDir),
    };
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}
