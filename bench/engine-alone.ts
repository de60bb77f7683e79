// One engine's path simulation timed alone in this process, for monte-carlo.bench.ts:
// `node bench/engine-alone.ts <repository root> <mix>` prints {"ms": median CPU ms per run}.
// The root is this checkout or main's engine extracted from history (main-engine.ts). Alone,
// because engines timed in one process disturb each other: main's engine allocates a 4.9 MB
// array per run, and the collection of that garbage by V8's helper threads was charged to
// whichever run was on the clock when it happened (in-process pairs put main at 0.93 times the
// reference for 60/40, alone it runs at about 1.6 times).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PathWorkspace, runPaths as RunPaths } from '../src/core/index.ts';
import { cpuMs, median, MIX_ALLOCATIONS, plan, type MixName } from './monte-carlo-plans.ts';

const WARMUP_RUNS = 5;
const TIMED_RUNS = 25;

const [root, mix] = process.argv.slice(2);
if (root === undefined || mix === undefined || !(mix in MIX_ALLOCATIONS)) {
  process.stderr.write(
    'usage: node bench/engine-alone.ts <repository root> <60_40|five_classes>\n',
  );
  process.exit(2);
}
const engine = (await import(pathToFileURL(join(root, 'src/core/monte-carlo/engine.ts')).href)) as {
  runPaths: typeof RunPaths;
};
// Today's engine reuses its buffers across runs, as simulateRetirement does; main's had none.
const workspaceModule = join(root, 'src/core/monte-carlo/path-workspace.ts');
const workspace = existsSync(workspaceModule)
  ? new (
      (await import(pathToFileURL(workspaceModule).href)) as {
        PathWorkspace: new () => PathWorkspace;
      }
    ).PathWorkspace()
  : undefined;
const options = plan(mix as MixName);
const run = () => engine.runPaths(options, { wealth: true }, workspace);
for (let index = 0; index < WARMUP_RUNS; index++) run();
const times = Array.from({ length: TIMED_RUNS }, () => cpuMs(run));
process.stdout.write(`${JSON.stringify({ ms: median(times) })}\n`);
