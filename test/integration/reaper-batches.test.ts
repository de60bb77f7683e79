// The reaper reads a bounded batch of abandoned jobs a pass: on AWS one read is one Data API
// answer, which holds at most 1 MiB, and a pass must finish inside the scheduled invocation.
// With more abandoned jobs than the bound, one pass hands on the bound and the next the rest.
// A read carries only what the reaper uses, never a job's stored error (up to 8,000 characters)
// or its documents. Run on PGlite, PostgreSQL and the Data API stand-in, which enforces the
// service's 1 MiB answer.
import {
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformResultArgs,
  type QueryResult,
  type UnknownRow,
} from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { reapOverdueJobs } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/log.ts';
import { MAX_STORED_ERROR_CHARS } from '../../src/store/columns.ts';
import {
  ABANDONED_JOBS_PER_READ,
  createJobRepository,
} from '../../src/store/repositories/job-repository.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import type { Database } from '../../src/store/tables.ts';
import { createDataApiTestDatabase } from '../helpers/data-api-database.ts';
import { DATABASE_ENGINES, postgresAvailable, postgresSkipReason } from '../helpers/database.ts';

const ENGINES = [
  ...DATABASE_ENGINES.map((engine) => ({
    name: engine.name,
    available: engine.available,
    open: engine.create,
  })),
  { name: 'data-api', available: postgresAvailable, open: createDataApiTestDatabase },
];

// More than one pass's worth, and enough that all of them with their errors (3 bytes a
// character) would be several times the Data API's 1 MiB answer.
const EXTRA_JOBS = 40;
const HEARTBEAT_TIMEOUT_MS = 90_000;

/** A queue that only remembers what was sent. */
function recordingQueue() {
  const sent: string[] = [];
  return { sent, send: (jobId: string) => Promise.resolve(void sent.push(jobId)) };
}

/**
 * `count` jobs whose worker is gone: running, past their deadline, each with an error of the
 * longest length stored (the worst case for a read; a claim clears the error, so it is set here).
 */
async function abandonedJobs(
  db: Kysely<Database>,
  repositories: Repositories,
  count: number,
): Promise<string[]> {
  const user = await repositories.users.create({ displayName: 'Many lost workers' });
  const pastDeadline = new Date(Date.now() - 60_000);
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const job = await repositories.jobs.create(user.id, { analysis_type: 'portfolio_analysis' });
    await repositories.jobs.claim(job.id, pastDeadline);
    ids.push(job.id);
  }
  const longestError = '€'.repeat(MAX_STORED_ERROR_CHARS);
  await sql`UPDATE jobs SET error = ${longestError} WHERE user_id = ${user.id}`.execute(db);
  return ids;
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(
    `the reaper's batches on ${engine.name}${engine.available ? '' : ` (${postgresSkipReason})`}`,
    () => {
      const opened: Array<{ close(): Promise<void> }> = [];
      afterEach(async () => {
        for (const handle of opened.splice(0)) await handle.close();
      });

      it('hands on at most the bound of abandoned jobs a pass, and the rest on the next pass', async () => {
        const handle = await engine.open();
        opened.push(handle);
        const repositories = createRepositories(handle.db);
        const ids = await abandonedJobs(
          handle.db,
          repositories,
          ABANDONED_JOBS_PER_READ + EXTRA_JOBS,
        );
        const queue = recordingQueue();
        const deps = {
          repositories,
          queue,
          logger: silentLogger(),
          heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
        };

        const first = await reapOverdueJobs(deps, new Date());
        expect(first.requeued).toHaveLength(ABANDONED_JOBS_PER_READ);
        const second = await reapOverdueJobs(deps, new Date());
        expect(second.requeued).toHaveLength(EXTRA_JOBS);
        expect(await reapOverdueJobs(deps, new Date())).toEqual({
          requeued: [],
          failed: [],
          resent: [],
        });

        const handedOn = [...first.requeued, ...second.requeued];
        expect([...handedOn].sort()).toEqual([...ids].sort());
        expect(queue.sent).toEqual(handedOn);
        expect(await repositories.jobs.countPendingAndRunning()).toEqual({
          pending: ids.length,
          running: 0,
        });
      }, 180_000);

      it('reads only the id and attempts of an abandoned job, not its error or documents', async () => {
        const handle = await engine.open();
        opened.push(handle);
        const repositories = createRepositories(handle.db);
        const [id] = await abandonedJobs(handle.db, repositories, 1);
        await repositories.jobs.saveSnapshot(id ?? '', { positions: ['€'.repeat(20_000)] });

        let bytesRead = 0;
        const countResultBytes: KyselyPlugin = {
          transformQuery: (args) => args.node,
          transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
            bytesRead += Buffer.byteLength(JSON.stringify(args.result.rows));
            return Promise.resolve(args.result);
          },
        };
        const watched = createJobRepository(handle.db.withPlugin(countResultBytes));
        const abandoned = await watched.listAbandoned(new Date(), HEARTBEAT_TIMEOUT_MS);
        expect(abandoned).toEqual([{ id, attempts: 1, maxAttempts: 3 }]);
        expect(bytesRead).toBeLessThan(200);
      }, 60_000);
    },
  );
}
