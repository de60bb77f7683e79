// The queues as createJobQueue wires them, over a real jobs table: the local queue on the
// embedded database (surviving a restart), and pg-boss sharing the embedded database. pg-boss on
// PostgreSQL is tested in queue-pgboss.test.ts, in a schema of its own that it drops.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { createJobQueue } from '../../src/queue/create-job-queue.ts';
import { deferred, within } from '../../src/queue/job-queue.contract.ts';
import type { JobQueue } from '../../src/queue/job-queue.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';

const deliveryTimeoutMs = 20_000;
const opened: { queues: JobQueue[]; databases: TestDatabase[] } = { queues: [], databases: [] };
afterEach(async () => {
  for (const queue of opened.queues.splice(0)) await queue.stop();
  for (const database of opened.databases.splice(0)) await database.close();
});

async function open(create: () => Promise<TestDatabase>) {
  const database = await create();
  opened.databases.push(database);
  const repositories = createRepositories(database.db);
  const user = await repositories.users.create({ displayName: 'Queue test' });
  return { database, repositories, userId: user.id };
}

async function queueFor(config: Config, database: TestDatabase): Promise<JobQueue> {
  const queue = await createJobQueue(config, { database });
  opened.queues.push(queue);
  return queue;
}

/** A handler that claims each job as the real one does and records the ids it won. */
function claimingHandler(repositories: Repositories, expected: number) {
  const claimed: string[] = [];
  const done = deferred();
  const handler = async (message: { job_id: string }) => {
    const job = await repositories.jobs.claim(message.job_id, new Date(Date.now() + 60_000));
    if (job) claimed.push(job.id);
    if (claimed.length === expected) done.resolve();
  };
  return { claimed, done: done.promise, handler };
}

describe('local queue over the jobs table (PGlite)', () => {
  it('delivers a job sent after its row is written, and the claim takes it off the queue', async () => {
    const { database, repositories, userId } = await open(createPgliteTestDatabase);
    const queue = await queueFor(loadConfig({}), database);
    const consumer = claimingHandler(repositories, 1);
    await queue.work(consumer.handler);

    const job = await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' });
    await queue.send(job.id);
    await within(consumer.done, deliveryTimeoutMs, 'the delivery');
    await queue.stop();

    expect(consumer.claimed).toEqual([job.id]);
    expect(await repositories.jobs.listPendingIds()).toEqual([]);
    expect((await repositories.jobs.findForWorker(job.id))?.status).toBe('running');
  });

  it('resumes the jobs still pending when a new worker starts after a restart', async () => {
    const { database, repositories, userId } = await open(createPgliteTestDatabase);
    // Written and sent while no worker ran (the process stopped before handling them).
    const first = await queueFor(loadConfig({}), database);
    const jobs = [
      await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' }),
      await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' }),
    ];
    for (const job of jobs) await first.send(job.id);
    await first.stop();

    const restarted = await queueFor(loadConfig({}), database);
    const consumer = claimingHandler(repositories, jobs.length);
    await restarted.work(consumer.handler, { concurrency: 2 });
    await within(consumer.done, deliveryTimeoutMs, 'the resumed jobs');

    expect([...consumer.claimed].sort()).toEqual(jobs.map((job) => job.id).sort());
  });
});

describe('pg-boss as createJobQueue wires it, on the embedded database', () => {
  it('delivers a job through pg-boss sharing the PGlite with the application', async () => {
    const { database, repositories, userId } = await open(createPgliteTestDatabase);
    const config: Config = { ...loadConfig({}), queue: { kind: 'pgboss', sqsQueueUrl: undefined } };
    const queue = await queueFor(config, database);
    const consumer = claimingHandler(repositories, 1);
    await queue.work(consumer.handler);

    const job = await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' });
    await queue.send(job.id);
    await within(consumer.done, deliveryTimeoutMs, 'the delivery');

    expect(queue.kind).toBe('pgboss');
    expect(consumer.claimed).toEqual([job.id]);
  });
});
