// `alex serve` start-up as a user meets it: the time from spawning the process to the first
// 200 from GET /health, on a warm data directory (one a previous serve has opened). The median
// of several runs, with a ratio against Node starting an empty script measured in the same
// run, so the figure means something on a busy machine. Target from the HTTP API issue: < 2 s.
// It also reports the CPU time (user + system, all threads) the server process had used when
// the first 200 arrived, read from /proc: on a shared machine the wall time grows with the load
// while the CPU time stays close to the work start-up really does.
// Loopback only; every process started is stopped by its pid.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './cli-startup.bench.ts';

const BIN = fileURLToPath(new URL('../bin/alex.js', import.meta.url));
const RUNS = 5;
const TARGET_S = 2;
const POLL_MS = 10;
// A start that has not answered by then is a failure, not a slow sample.
const GIVE_UP_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface StartSample {
  /** Wall time from spawn to the first 200. */
  seconds: number;
  /** CPU time (user + system) of the server process at that moment; undefined without /proc. */
  cpuSeconds: number | undefined;
}

// Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux).
const CLOCK_TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** User + system CPU seconds of a running process, from /proc/<pid>/stat (Linux only). */
function cpuSecondsOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces: fields are counted after its closing ')'.
  // utime and stime are fields 14 and 15, i.e. the 12th and 13th after the name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/** Spawn to the first 200 from /health, in wall and CPU time; the server is stopped afterwards. */
async function timeServeStart(dataDir: string): Promise<StartSample> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
    env: { ...process.env, ALEX_DATA_DIR: dataDir, ALEX_LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${port}/health`;
    while (!(await healthy(url))) {
      if (child.exitCode !== null) throw new Error(`alex serve exited with ${child.exitCode}`);
      if (performance.now() - started > GIVE_UP_MS) {
        throw new Error(`alex serve did not answer /health within ${GIVE_UP_MS / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const seconds = (performance.now() - started) / 1000;
    // bin/alex.js re-executes itself with execve, which keeps the pid: this is the server.
    return { seconds, cpuSeconds: child.pid === undefined ? undefined : cpuSecondsOf(child.pid) };
  } finally {
    await stop(child);
  }
}

function timeEmptyNode(): number {
  const started = performance.now();
  execFileSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return (performance.now() - started) / 1000;
}

export async function run(): Promise<Record<string, unknown>> {
  const work = mkdtempSync(join(tmpdir(), 'alex-bench-serve-'));
  try {
    const dataDir = join(work, 'data');
    // The first start makes the data directory; the measured ones find it warm.
    const first = await timeServeStart(dataDir);
    const reference: number[] = [];
    const warm: StartSample[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      reference.push(timeEmptyNode());
      warm.push(await timeServeStart(dataDir));
    }
    const seconds = median(warm.map((sample) => sample.seconds));
    const cpuSamples = warm.flatMap((sample) => sample.cpuSeconds ?? []);
    const referenceSeconds = median(reference);
    return {
      runs: RUNS,
      load_average_1m: Number(loadavg()[0]?.toFixed(2)),
      empty_node_s: Number(referenceSeconds.toFixed(3)),
      first_start_s: Number(first.seconds.toFixed(3)),
      warm_to_first_health_200: {
        median_s: Number(seconds.toFixed(3)),
        max_s: Number(Math.max(...warm.map((sample) => sample.seconds)).toFixed(3)),
        vs_empty_node: Number((seconds / referenceSeconds).toFixed(2)),
        // Unknown (null) where /proc is missing, never guessed.
        cpu_median_s:
          cpuSamples.length === warm.length ? Number(median(cpuSamples).toFixed(3)) : null,
        target_s: TARGET_S,
        met: seconds < TARGET_S,
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
