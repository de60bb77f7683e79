// The job orchestration end to end on PostgreSQL with pg-boss: two `alex worker --concurrency 4`
// child processes share one queue; this process creates users and jobs and sends the messages.
// Everything lives in schemas of this run's own (the tables in the test schema, pg-boss in
// pgboss_e2e_<random>), dropped afterwards. Models are offline, so jobs are fast.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitJob } from '../../src/jobs/index.ts';
import { createPgbossQueue, type PgbossJobQueue } from '../../src/queue/pgboss-queue.ts';
import { loadReferenceInstruments } from '../../src/store/reference/reference-instruments.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { TimeoutError } from '../../src/errors.ts';
import { parseJson } from '../../src/parse-json.ts';
import {
  createPostgresTestDatabase,
  postgresAvailable,
  postgresSkipReason,
  type TestDatabase,
} from '../helpers/database.ts';
import { runAlex, startAlex, type AlexProcess } from '../helpers/worker-process.ts';

const USERS = 20;
const JOBS_PER_USER = 5;
const WORKERS = 2;
const FINISHED = ['completed', 'partial', 'failed'];

const suite = postgresAvailable ? describe : describe.skip;

suite(
  `orchestration on PostgreSQL with pg-boss${postgresAvailable ? '' : ` (${postgresSkipReason})`}`,
  () => {
    const pgbossSchema = `pgboss_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    let directory: string;
    let database: TestDatabase;
    let repositories: Repositories;
    let queue: PgbossJobQueue;
    let userIds: string[];
    let crashingJob: { userId: string; jobId: string };
    const workers: AlexProcess[] = [];

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'alex-orchestration-pg-'));
      database = await createPostgresTestDatabase();
      repositories = createRepositories(database.db);
      userIds = await createUsers(repositories);
      const connectionString = database.connectionString ?? '';
      for (let index = 0; index < WORKERS; index += 1) {
        workers.push(
          startAlex(['worker', '--concurrency', '4'], {
            cwd: directory,
            env: {
              DATABASE_URL: connectionString,
              ALEX_PGBOSS_SCHEMA: pgbossSchema,
              ALEX_LOG_LEVEL: 'info',
            },
          }),
        );
      }
      await Promise.all(workers.map((worker) => worker.waitForOutput('worker started', 60_000)));
      queue = createPgbossQueue({ connectionString, schema: pgbossSchema });

      // A job whose snapshot cannot be read (as if written by an incompatible version): every
      // run of the pipeline would throw on it, so it must fail on its first attempt.
      const [userId = ''] = userIds;
      const job = await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' });
      await repositories.jobs.saveSnapshot(job.id, { version: 'unknown', holdings: 'corrupted' });
      await queue.send(job.id);
      crashingJob = { userId, jobId: job.id };
    }, 90_000);

    afterAll(async () => {
      await Promise.all(workers.map((worker) => worker.stop('SIGTERM')));
      await queue?.stop();
      if (database) {
        await sql`DROP SCHEMA IF EXISTS ${sql.id(pgbossSchema)} CASCADE`.execute(database.db);
        await database.close();
      }
      rmSync(directory, { recursive: true, force: true });
    }, 60_000);

    it('completes 100 jobs for 20 users, each processed exactly once across two workers', async () => {
      const jobIds: string[] = [];
      for (let round = 0; round < JOBS_PER_USER; round += 1) {
        for (const userId of userIds) {
          const job = await submitJob({ repositories, queue }, userId, {
            analysis_type: 'portfolio_analysis',
          });
          jobIds.push(job.id);
        }
      }
      expect(jobIds).toHaveLength(USERS * JOBS_PER_USER);

      const statuses = await until(
        async () => {
          const rows = await database.db
            .selectFrom('jobs')
            .select(['id', 'status', 'attempts', 'user_id'])
            .where('id', 'in', jobIds)
            .execute();
          return rows.every((row) => FINISHED.includes(row.status)) ? rows : undefined;
        },
        'all 100 jobs to finish',
        150_000,
      );
      expect(statuses.filter((row) => row.status !== 'completed')).toEqual([]);
      const ours = new Set(jobIds);
      // No job of ours crashed and was retried (a deadlock between jobs would show here).
      const retries = workers.flatMap((worker) =>
        worker.logs.filter(
          (line) => line['event'] === 'job-retry' && ours.has(String(line['jobId'])),
        ),
      );
      expect(retries.map((line) => line['error'])).toEqual([]);
      expect(statuses.every((row) => row.attempts === 1)).toBe(true);
      expect(new Set(statuses.map((row) => row.user_id)).size).toBe(USERS);

      // Exactly one run of each agent per job: no job ran twice, none was half run.
      const runs = await database.db
        .selectFrom('agent_runs')
        .select(['job_id', 'agent', 'status'])
        .select((eb) => eb.fn.countAll<string>().as('runs'))
        .where('job_id', 'in', jobIds)
        .groupBy(['job_id', 'agent', 'status'])
        .execute();
      expect(runs.every((row) => row.status === 'succeeded' && Number(row.runs) === 1)).toBe(true);
      const plannerRuns = runs.filter((row) => row.agent === 'planner').map((row) => row.job_id);
      expect(plannerRuns.sort()).toEqual([...jobIds].sort());
      expect(runs).toHaveLength(jobIds.length * 5);

      // Each job was claimed by one worker only, and both workers took part.
      const claimsBy = workers.map(
        (worker) =>
          new Set(
            worker.logs
              .filter((line) => line['event'] === 'job-claim')
              .map((line) => String(line['jobId']))
              .filter((jobId) => ours.has(jobId)),
          ),
      );
      const [first = new Set<string>(), second = new Set<string>()] = claimsBy;
      expect([...first].filter((jobId) => second.has(jobId))).toEqual([]);
      expect([...first, ...second].sort()).toEqual([...jobIds].sort());
      expect(first.size).toBeGreaterThan(0);
      expect(second.size).toBeGreaterThan(0);
    }, 180_000);

    it('alex analyze --no-worker hands the job to the workers and exits once it is finished', async () => {
      const run = await runAlex(['analyze', '--user', userIds[1] ?? '', '--no-worker', '--json'], {
        cwd: directory,
        env: { DATABASE_URL: database.connectionString ?? '', ALEX_PGBOSS_SCHEMA: pgbossSchema },
        timeoutMs: 90_000,
      });
      expect(run.code).toBe(0);
      const job = parseJson(
        run.stdout,
        z.object({ status: z.string(), report_payload: z.unknown() }).loose(),
      );
      expect(job.status).toBe('completed');
      expect(job.report_payload).not.toBeNull();
    }, 120_000);

    it('fails a job whose pipeline would crash on every attempt at once, without retrying it', async () => {
      const { userId, jobId } = crashingJob;
      const failed = await until(
        async () => {
          const current = await repositories.jobs.get(userId, jobId);
          return current.status === 'failed' ? current : undefined;
        },
        'the job to fail',
        90_000,
      );
      expect(failed.attempts).toBe(1);
      expect(failed.error).toMatch(/^attempt 1 of 3: .*jobs\.snapshot.*\(not retryable\)$/);
      expect(failed.reportPayload).toBeNull();
      const claims = workers.flatMap((worker) =>
        worker.logs.filter((line) => line['event'] === 'job-claim' && line['jobId'] === jobId),
      );
      expect(claims.map((line) => line['attempt'])).toEqual([1]);
    }, 150_000);
  },
);

/**
 * 20 users with one to three accounts, cash, and two to six holdings of reference instruments
 * that carry a seed price, varied by the user's number.
 */
async function createUsers(repositories: Repositories): Promise<string[]> {
  const reference = loadReferenceInstruments();
  await repositories.instruments.upsertReference(reference);
  const priced = reference
    .filter((instrument) => instrument.seedPrice !== null)
    .map((i) => i.symbol);
  const userIds: string[] = [];
  for (let index = 0; index < USERS; index += 1) {
    const user = await repositories.users.create({
      displayName: `Investor ${index + 1}`,
      birthYear: 1960 + index,
      yearsUntilRetirement: 5 + index,
      targetRetirementIncomeUsd: 40_000 + 2_000 * index,
      annualContributionUsd: 5_000 + 500 * index,
    });
    const accountCount = 1 + (index % 3);
    for (let accountIndex = 0; accountIndex < accountCount; accountIndex += 1) {
      const account = await repositories.accounts.create(user.id, {
        name: `Account ${accountIndex + 1}`,
        type: (['taxable', 'tax_deferred', 'tax_free'] as const)[accountIndex] ?? 'taxable',
        cashUsd: 250 * (index + accountIndex),
      });
      const holdings = 2 + ((index + accountIndex) % 5);
      for (let holding = 0; holding < holdings; holding += 1) {
        const symbol = priced[(index * 3 + accountIndex * 7 + holding) % priced.length] ?? 'VTI';
        await repositories.positions.add(user.id, {
          accountId: account.id,
          symbol,
          quantity: 1 + ((index + holding) % 9) * 5,
        });
      }
    }
    userIds.push(user.id);
  }
  return userIds;
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
async function until<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const giveUpAt = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > giveUpAt) throw new TimeoutError(what, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
