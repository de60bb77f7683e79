// Main's engine as of commit 96d3848, the one issue 13 timed at 16.7 M (60/40) and 8.3 M (five
// classes) path-years/s on a quiet core, loaded from the repository's own history so the
// Monte Carlo bench can time it beside today's engine in the same process: the targets
// are gains over that engine, and a ratio measured in one run means something on a busy machine.
// `git archive` extracts that commit's src/core into a temporary directory; without the history
// (a shallow clone) the bench falls back to its recorded calibration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { runPaths } from '../src/core/index.ts';

export const MAIN_ENGINE_COMMIT = '96d3848';

export type MainRunPaths = (...args: Parameters<typeof runPaths>) => unknown;

/**
 * Runs `use` with main's `runPaths` (which takes options and a record flag, no workspace), or
 * returns undefined with the reason when that commit is not in this checkout.
 */
export async function withMainEngine<T>(
  use: (mainRunPaths: MainRunPaths) => T,
): Promise<{ result: T } | { unavailable: string }> {
  const rootDir = fileURLToPath(new URL('..', import.meta.url));
  const directory = mkdtempSync(join(tmpdir(), 'alex-main-engine-'));
  try {
    const archive = join(directory, 'core.tar');
    try {
      execFileSync('git', ['archive', '--output', archive, MAIN_ENGINE_COMMIT, 'src/core'], {
        cwd: rootDir,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      return { unavailable: `commit ${MAIN_ENGINE_COMMIT} not readable here (${String(error)})` };
    }
    execFileSync('tar', ['-xf', archive, '-C', directory]);
    const engineUrl = pathToFileURL(join(directory, 'src/core/monte-carlo/engine.ts')).href;
    const main = (await import(engineUrl)) as { runPaths: MainRunPaths };
    return { result: use(main.runPaths) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
