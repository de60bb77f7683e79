// `alex analyze` when the work is left to other processes (--no-worker): refused on the embedded
// database, where no other process can ever take the job, and bounded by --timeout elsewhere.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';
import {
  createPostgresTestDatabase,
  postgresAvailable,
  postgresSkipReason,
  type TestDatabase,
} from '../helpers/database.ts';
import { runAlex } from '../helpers/worker-process.ts';

describe('alex analyze --no-worker', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'alex-analyze-follow-'));
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('is refused on the embedded database, naming the flag and why, before anything is written', async () => {
    const run = await runAlex(['analyze', '--demo', '--no-worker'], {
      cwd: directory,
      env: { ALEX_DATA_DIR: join(directory, 'data') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('alex: --no-worker: the embedded database (ALEX_DATA_DIR)');
    expect(run.stderr).not.toContain('queued');
    expect(run.stderr).not.toContain('created the demo portfolio');
    expect(existsSync(join(directory, 'data'))).toBe(false);
  }, 120_000);

  it('refuses a --timeout that is not a positive number of seconds', async () => {
    const run = await runAlex(['analyze', '--demo', '--timeout', '0'], {
      cwd: directory,
      env: { ALEX_DATA_DIR: join(directory, 'data') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'alex: --timeout: must be a whole number from 1 to 86,400 (got "0")',
    );
  }, 120_000);

  const suite = postgresAvailable ? describe : describe.skip;
  suite(`on PostgreSQL${postgresAvailable ? '' : ` (${postgresSkipReason})`}`, () => {
    const pgbossSchema = `pgboss_follow_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createPostgresTestDatabase();
      await seedDemoPortfolio(createRepositories(database.db));
    }, 60_000);
    afterAll(async () => {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(pgbossSchema)} CASCADE`.execute(database.db);
      await database.close();
    });

    it('stops following after --timeout with exit 6, and leaves the job to the workers', async () => {
      // No worker runs: the job can only wait in the queue.
      const run = await runAlex(['analyze', '--demo', '--no-worker', '--timeout', '1'], {
        cwd: directory,
        env: { DATABASE_URL: database.connectionString ?? '', ALEX_PGBOSS_SCHEMA: pgbossSchema },
      });
      expect(run.code).toBe(6);
      const jobId = /job (\S+) queued/.exec(run.stderr)?.[1] ?? '';
      expect(run.stderr).toContain(
        `job ${jobId} is still pending after 1 s (--timeout); it keeps running in the workers`,
      );
      const job = await createRepositories(database.db).jobs.get(DEMO_USER_ID, jobId);
      expect(job.status).toBe('pending');
    }, 120_000);
  });
});
