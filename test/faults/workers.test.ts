// Workers under fire, on the real PostgreSQL with pg-boss and real `alex worker` processes:
// their database connections killed with pg_terminate_backend while a job holds one (the worker
// must live on and the job still end), and a worker SIGKILLed mid-job (another worker must take
// the job over once its heartbeat stops, not at the 900 s deadline). Everything lives in this
// run's own schemas, dropped afterwards; models are offline except where a fake model server
// holds a request open to keep a worker busy.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/errors.ts';
import { submitJob } from '../../src/jobs/index.ts';
import { createPgbossQueue, type PgbossJobQueue } from '../../src/queue/pgboss-queue.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';
import { startFakeOpenAiServer, fake } from '../fakes/openai-compatible-server.ts';
import {
  createPostgresTestDatabase,
  postgresAvailable,
  postgresSkipReason,
  type TestDatabase,
} from '../helpers/database.ts';
import { startAlex, type AlexProcess } from '../helpers/worker-process.ts';

const FINISHED = ['completed', 'partial', 'failed'];
const suite = postgresAvailable ? describe : describe.skip;

suite(`workers under fire${postgresAvailable ? '' : ` (${postgresSkipReason})`}`, () => {
  const pgbossSchema = `pgboss_faults_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let directory: string;
  let database: TestDatabase;
  let repositories: Repositories;
  let queue: PgbossJobQueue;
  const started: AlexProcess[] = [];

  /** An `alex worker` on the test schema; `name` tags its connections (application_name). */
  function startWorker(name: string, env: Record<string, string> = {}): AlexProcess {
    const url = new URL(database.connectionString ?? '');
    url.searchParams.set('application_name', name);
    const worker = startAlex(['worker', '--concurrency', '1'], {
      cwd: directory,
      env: {
        DATABASE_URL: url.toString(),
        ALEX_PGBOSS_SCHEMA: pgbossSchema,
        ALEX_LOG_LEVEL: 'info',
        ...env,
      },
    });
    started.push(worker);
    return worker;
  }

  async function submitDemoJob(request?: string): Promise<string> {
    const job = await submitJob({ repositories, queue }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
      ...(request ? { request } : {}),
    });
    return job.id;
  }

  function finishedJob(jobId: string, timeoutMs = 60_000) {
    return until(
      async () => {
        const job = await repositories.jobs.get(DEMO_USER_ID, jobId);
        return FINISHED.includes(job.status) ? job : undefined;
      },
      `job ${jobId} to finish`,
      timeoutMs,
    );
  }

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'alex-faults-workers-'));
    database = await createPostgresTestDatabase();
    repositories = createRepositories(database.db);
    await seedDemoPortfolio(repositories);
    queue = createPgbossQueue({
      connectionString: database.connectionString ?? '',
      schema: pgbossSchema,
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(started.map((worker) => worker.stop('SIGKILL')));
    await queue?.stop();
    if (database) {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(pgbossSchema)} CASCADE`.execute(database.db);
      await database.close();
    }
    rmSync(directory, { recursive: true, force: true });
  }, 60_000);

  it('a busy worker whose connections are killed (pg_terminate_backend) lives on, and its job still ends', async () => {
    const name = `alex-faults-${randomUUID().slice(0, 8)}`;
    const worker = startWorker(name);
    await worker.waitForOutput('worker started', 60_000);

    // Hold every instrument row: the job's tagger blocks writing its classifications, so the
    // worker has a connection checked out with a statement in flight when it is killed.
    const blocker = new pg.Client({ connectionString: database.connectionString });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT symbol FROM instruments FOR UPDATE');
      const jobId = await submitDemoJob();
      // Watched from outside the blocking transaction, which would keep seeing one stats snapshot.
      await until(
        async () => {
          const waiting = await sql<{ pid: number }>`
            SELECT pid FROM pg_stat_activity WHERE application_name = ${name} AND wait_event_type = 'Lock'
          `.execute(database.db);
          return waiting.rows.length ? true : undefined;
        },
        'the worker to wait on the locked rows',
        60_000,
      );
      const killed = await blocker.query(
        'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
        [name],
      );
      expect(killed.rowCount).toBeGreaterThan(0);
      await blocker.query('ROLLBACK');

      const job = await finishedJob(jobId);
      expect(job.status).toBe('completed');
      // The attempt that lost its connection was retried, not failed for good.
      expect(job.attempts).toBe(2);
      const retry = await worker.waitForLog(
        (line) => line['event'] === 'job-retry' && line['jobId'] === jobId,
        'the retry of the job',
      );
      expect(String(retry['error'])).toMatch(/^attempt 1 of 3: /);
      expect(worker.child.exitCode).toBeNull();
      expect(worker.child.signalCode).toBeNull();

      // Still working: the next job is processed by the same process.
      const next = await finishedJob(await submitDemoJob());
      expect(next).toMatchObject({ status: 'completed', attempts: 1 });
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await blocker.end();
      await worker.stop('SIGTERM');
    }
  }, 180_000);

  it('the job of a SIGKILLed worker is taken over by another once its heartbeat stops', async () => {
    let plannerAsked: () => void = () => undefined;
    const plannerRequest = new Promise<void>((resolve) => {
      plannerAsked = resolve;
    });
    const modelServer = await startFakeOpenAiServer({
      onRequest: (request) => {
        if (request.body?.model === 'fake-planner') plannerAsked();
      },
    });
    try {
      // A free-text request makes the planner ask its model, which never answers: the first
      // worker stays mid-job until it is killed.
      modelServer.scriptFor('fake-planner', [fake.hang()]);
      const heartbeat = { ALEX_HEARTBEAT_SECONDS: '1' };
      const doomed = startWorker(`alex-doomed-${randomUUID().slice(0, 8)}`, {
        ...heartbeat,
        ALEX_MODEL_PLANNER: 'openai-compatible:fake-planner',
        ALEX_LLM_BASE_URL: modelServer.baseUrl,
        ALEX_LLM_API_KEY: 'local-key',
      });
      await doomed.waitForOutput('worker started', 60_000);
      const jobId = await submitDemoJob('the report and the retirement outlook');
      await plannerRequest;
      expect(await doomed.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await repositories.jobs.get(DEMO_USER_ID, jobId)).toMatchObject({
        status: 'running',
        attempts: 1,
      });

      const survivor = startWorker(`alex-survivor-${randomUUID().slice(0, 8)}`, heartbeat);
      await survivor.waitForOutput('worker started', 60_000);
      // The 900 s deadline is far off: only the silent heartbeat can hand the job on in time.
      const job = await finishedJob(jobId);
      expect(job).toMatchObject({ status: 'completed', attempts: 2 });
      const reap = await survivor.waitForLog(
        (line) => line['event'] === 'job-reap',
        'the survivor to reap the job',
      );
      expect(reap['requeued']).toEqual([jobId]);
      const runs = await repositories.agentRuns.list(jobId);
      const plannerRuns = runs.filter((run) => run.agent === 'planner');
      expect(plannerRuns.map((run) => [run.attempt, run.status, run.error])).toEqual([
        [1, 'failed', 'worker lost during attempt 1'],
        [2, 'succeeded', null],
      ]);
      await survivor.stop('SIGTERM');
    } finally {
      await modelServer.close();
    }
  }, 180_000);
});

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
async function until<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const giveUpAt = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > giveUpAt) throw new TimeoutError(what, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
