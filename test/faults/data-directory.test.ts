// The embedded data directory serves one process: real `alex` processes on one ALEX_DATA_DIR,
// a second one refused at once with the holder's pid, a stale lock of a killed process taken
// over, and a directory PGlite cannot open reported by name instead of hanging.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';
import { LOCK_FILE_NAME } from '../../src/store/data-directory-lock.ts';
import { runAlex, startAlex } from '../helpers/worker-process.ts';

const lockHolder = fileURLToPath(new URL('../helpers/lock-holder.ts', import.meta.url));
const jobListSchema = z.array(z.object({ id: z.string() }));
const resetSchema = z.object({ demo_user_id: z.string() }).loose();

// Generous bounds: every step waits on an event, but a loaded machine starts PGlite slowly.
const TEST_TIMEOUT_MS = 300_000;

let directory: string;
let dataDir: string;
let demoUserId: string;
const env = () => ({ ALEX_DATA_DIR: dataDir });

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'alex-data-directory-'));
  dataDir = join(directory, 'data');
  const reset = await runAlex(['db', 'reset', '--with-test-data', '--json'], {
    cwd: directory,
    env: env(),
    timeoutMs: TEST_TIMEOUT_MS,
  });
  expect(reset.code, reset.stderr).toBe(0);
  demoUserId = parseJson(reset.stdout, resetSchema, 'db reset').demo_user_id;
  // Copies for the unreadable-directory tests, taken while no process has the directory open.
  cpSync(dataDir, join(directory, 'corrupt'), { recursive: true });
  cpSync(dataDir, join(directory, 'foreign'), { recursive: true });
}, TEST_TIMEOUT_MS);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** The demo user's job ids; fails unless the directory opens and the demo user is there. */
async function demoJobs(): Promise<string[]> {
  const jobs = await runAlex(['jobs', 'list', '--user', demoUserId, '--json'], {
    cwd: directory,
    env: env(),
    timeoutMs: TEST_TIMEOUT_MS,
  });
  expect(jobs.code, jobs.stderr).toBe(0);
  return parseJson(jobs.stdout, jobListSchema, 'jobs').map((job) => job.id);
}

describe('one embedded data directory, two alex processes', () => {
  it(
    'refuses a second process at once, with the holder’s pid and exit 5, writing nothing',
    async () => {
      const worker = startAlex(['worker', '--concurrency', '1'], { cwd: directory, env: env() });
      try {
        await worker.waitForOutput('worker started', TEST_TIMEOUT_MS);
        const second = await runAlex(['analyze', '--demo', '--json'], {
          cwd: directory,
          env: env(),
        });
        expect(second.code).toBe(5);
        expect(second.stdout).toBe('');
        expect(second.stderr).toContain(
          `alex: another Alex process (pid ${worker.child.pid}) is using ${dataDir}`,
        );
      } finally {
        expect((await worker.stop('SIGTERM')).code).toBe(0);
      }
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
      // The directory opens again with the demo user in it, and the refused analyze made no job.
      expect(await demoJobs()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'takes over the lock a SIGKILLed process left behind',
    async () => {
      const worker = startAlex(['worker', '--concurrency', '1'], { cwd: directory, env: env() });
      await worker.waitForOutput('worker started', TEST_TIMEOUT_MS);
      expect(await worker.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      const lockPath = join(dataDir, LOCK_FILE_NAME);
      expect(readFileSync(lockPath, 'utf8').split('\n')[0]).toBe(String(worker.child.pid));

      expect(await demoJobs()).toEqual([]);
      expect(existsSync(lockPath)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lets exactly one of several processes take over the same stale lock',
    async () => {
      const lockDir = mkdtempSync(join(directory, 'race-'));
      writeFileSync(join(lockDir, LOCK_FILE_NAME), `${await deadPid()}\n${hostname()}\nstale\n`);
      const holders = Array.from({ length: 4 }, () => startLockHolder(lockDir));
      try {
        const outcomes = await Promise.all(holders.map((holder) => holder.outcome));
        expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome.startsWith('busy'))).toHaveLength(3);
      } finally {
        await Promise.all(holders.map((holder) => holder.stop()));
      }
      expect(existsSync(join(lockDir, LOCK_FILE_NAME))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a data directory PGlite cannot open', () => {
  it(
    'exits 3 promptly, naming the directory, when the database files are corrupt',
    async () => {
      const corrupt = join(directory, 'corrupt');
      writeFileSync(join(corrupt, 'global', 'pg_control'), 'not a control file');

      const outcome = await runAlex(['jobs', 'list'], {
        cwd: directory,
        env: { ALEX_DATA_DIR: corrupt },
        // Bounded: a hang (the old behaviour on some directories) fails here instead of waiting.
        timeoutMs: 120_000,
      });
      expect(outcome.code).toBe(3);
      expect(outcome.stderr).toContain(
        `alex: ALEX_DATA_DIR: the embedded database in ${corrupt} cannot be opened`,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses a directory of other files instead of creating a database over them',
    async () => {
      const foreign = join(directory, 'foreign');
      // A database that lost its PG_VERSION file must not be silently re-initialised.
      rmSync(join(foreign, 'PG_VERSION'));

      const outcome = await runAlex(['jobs', 'list'], {
        cwd: directory,
        env: { ALEX_DATA_DIR: foreign },
      });
      expect(outcome.code).toBe(3);
      expect(outcome.stderr).toContain(
        `alex: ALEX_DATA_DIR: ${foreign} is not empty and holds no database`,
      );
      expect(existsSync(join(foreign, 'PG_VERSION'))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

/** The pid of a process that has exited (and so cannot hold a lock). */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(child.pid ?? 0));
  });
}

/** A process that takes the lock of `dataDir` and holds it until its stdin closes. */
function startLockHolder(dataDir: string) {
  const child = spawn(process.execPath, [lockHolder, dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // A holder that was refused has exited: closing its stdin then must not throw EPIPE here.
  child.stdin.on('error', () => undefined);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const outcome = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('\n')) resolve(output.trim());
    });
    child.once('exit', (code) =>
      reject(new Error(`lock holder exited (${code}) before reporting: ${stderr}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    outcome,
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}
