// Main's engine as of commit 96d3848, the one issue 13 timed at 16.7 M (60/40) and 8.3 M (five
// classes) path-years/s, taken from the repository's own history so the Monte Carlo bench can
// time it beside today's engine on the same machine in the same run: the targets are
// gains over that engine. `git archive` extracts that commit's src/core into a temporary
// directory; without the history (a shallow clone) the comparison is reported as unavailable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN_ENGINE_COMMIT = '96d3848';

/**
 * Runs `use` with the root of a directory holding main's src/core (its engine at
 * `src/core/monte-carlo/engine.ts`), or returns the reason when that commit is not in this
 * checkout. The directory is removed when `use` settles.
 */
export async function withMainEngineRoot<T>(
  use: (root: string) => Promise<T>,
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
    return { result: await use(directory) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
