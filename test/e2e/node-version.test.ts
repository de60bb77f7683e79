import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/alex.js', import.meta.url));
const packageJson = fileURLToPath(new URL('../../package.json', import.meta.url));

/** Makes the child Node report another version before bin/alex.js reads it. */
function pretendNodeVersion(version: string): string {
  return (
    'data:text/javascript,' +
    encodeURIComponent(
      `Object.defineProperty(process,'versions',{value:{...process.versions,node:'${version}'}});` +
        `Object.defineProperty(process,'version',{value:'v${version}'});`,
    )
  );
}

describe('the alex command on an old Node', () => {
  it('prints one actionable line and exits 1 on Node 20 instead of a module-loader error', async () => {
    const failure = await run(process.execPath, [
      '--import',
      pretendNodeVersion('20.20.2'),
      bin,
      '--help',
    ]).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string; stdout: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr.trim().split('\n')).toHaveLength(1);
    expect(failure?.stderr).toContain('needs Node.js 22.18 or newer (this is v20.20.2)');
    expect(failure?.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });

  it('runs on 22.18, the oldest Node that strips types', async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      pretendNodeVersion('22.18.0'),
      bin,
      '--help',
    ]);
    expect(stdout).toContain('Usage: alex');
  });

  it('installs a Node 24 for npm scripts, whatever Node runs npm', () => {
    const manifest = parseJson(
      readFileSync(packageJson, 'utf8'),
      z.object({
        dependencies: z.record(z.string(), z.string()),
        allowScripts: z.record(z.string(), z.boolean()),
      }),
      'package.json',
    );
    expect(manifest.allowScripts['esbuild']).toBe(true);
  });
});
