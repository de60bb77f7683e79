// `alex serve` loads at start only what its first requests need (issue 14: start in under 2 s).
// The SDKs of optional features (JWT auth, S3 Vectors, SageMaker embeddings) are loaded when
// configured or first used, so a default start must not load them. Checked in a child process,
// whose module loads a hook records, up to the moment the server answers /health.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'alex-serve-modules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Starts the API as `alex serve` does (configuration, services, server), asks /health once,
// prints the npm packages loaded by then, and stops.
const SCRIPT = `
import { registerHooks } from 'node:module';
const packages = new Set();
registerHooks({
  load(url, context, nextLoad) {
    const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url);
    if (match) packages.add(match[1]);
    return nextLoad(url, context);
  },
});
const { loadConfig } = await import('./src/config.ts');
const { createCommandContext } = await import('./src/entry/cli/context.ts');
await import('./src/entry/cli/commands/serve.ts');
const { startApiServer } = await import('./src/entry/http/server.ts');
const context = createCommandContext();
const server = await startApiServer(await context.services(), { port: 0, host: '127.0.0.1', worker: true });
const health = await fetch(server.url + '/health');
const loaded = [...packages].sort();
await server.close();
await context.close();
process.stdout.write(JSON.stringify({ status: health.status, loaded }));
`;

describe('alex serve start-up', () => {
  it('loads no SDK of an optional feature that is not configured', () => {
    const output = execFileSync(process.execPath, ['--input-type=module', '--eval', SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, ALEX_DATA_DIR: join(scratch, 'data'), ALEX_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const { status, loaded } = parseJson(
      output,
      z.object({ status: z.number(), loaded: z.array(z.string()) }),
      'the child process',
    );
    expect(status).toBe(200);
    // The embedded path's own packages are there: the check sees what was loaded.
    expect(loaded).toEqual(expect.arrayContaining(['@electric-sql/pglite', 'hono', 'kysely']));
    const optional = loaded.filter(
      (name) => name === 'jose' || name.startsWith('@aws-sdk/') || name.startsWith('@smithy/'),
    );
    expect(optional).toEqual([]);
  }, 150_000);
});
