// pg-boss behind the JobQueue port, on the real PostgreSQL (when TEST_DATABASE_URL is set; CI
// always sets it) and on the embedded PGlite. Each run installs pg-boss in its own schema,
// pgboss_test_<random>, and drops it afterwards; each test uses its own queue names in it.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { deferred, describeJobQueueContract, within } from '../../src/queue/job-queue.contract.ts';
import { createPgbossQueue, type PgbossQueueOptions } from '../../src/queue/pgboss-queue.ts';
import {
  createPgliteTestDatabase,
  postgresAvailable,
  postgresSkipReason,
  type TestDatabase,
} from '../helpers/database.ts';

const testDatabaseUrl = process.env['TEST_DATABASE_URL'];
const schema = `pgboss_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const deliveryTimeoutMs = 20_000;

/** Settings shared by every queue here: retries right away, so no test waits out a delay. */
function testQueueOptions(): Partial<PgbossQueueOptions> {
  const suffix = randomUUID().slice(0, 8);
  return {
    schema,
    queueName: `alex-jobs-${suffix}`,
    deadLetterName: `alex-jobs-dead-${suffix}`,
    retryDelaySeconds: 0,
    retryBackoff: false,
  };
}

afterAll(async () => {
  if (!testDatabaseUrl) return;
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
});

// One migrated PGlite for the file, shared as the application shares it: pg-boss statements
// take the same connection lock as Kysely, so they never land inside an application transaction.
let embedded: Promise<TestDatabase> | undefined;
function embeddedDatabase(): Promise<TestDatabase> {
  embedded ??= createPgliteTestDatabase();
  return embedded;
}
afterAll(async () => {
  if (embedded) await (await embedded).close();
});

async function embeddedQueueOptions(): Promise<Partial<PgbossQueueOptions>> {
  const database = await embeddedDatabase();
  return {
    pglite: database.pglite,
    runExclusive: (statement) => database.db.connection().execute(() => statement()),
  };
}

function postgresQueueOptions(): Partial<PgbossQueueOptions> {
  return { connectionString: testDatabaseUrl };
}

describeJobQueueContract(
  'pg-boss on PostgreSQL',
  () =>
    Promise.resolve({
      queue: createPgbossQueue({ ...postgresQueueOptions(), ...testQueueOptions() }),
    }),
  { skipReason: postgresAvailable ? undefined : postgresSkipReason, deliveryTimeoutMs },
);

describeJobQueueContract(
  'pg-boss on PGlite',
  async () => ({
    queue: createPgbossQueue({ ...(await embeddedQueueOptions()), ...testQueueOptions() }),
  }),
  { deliveryTimeoutMs },
);

const engines = [
  {
    name: 'PostgreSQL',
    skipReason: postgresAvailable ? undefined : postgresSkipReason,
    options: () => Promise.resolve(postgresQueueOptions()),
  },
  { name: 'PGlite', skipReason: undefined, options: embeddedQueueOptions },
];

for (const engine of engines) {
  const suite = engine.skipReason ? describe.skip : describe;
  suite(
    `pg-boss queue on ${engine.name}${engine.skipReason ? ` (${engine.skipReason})` : ''}`,
    () => {
      it('moves a message whose handler always throws to the dead-letter queue after its retries', async () => {
        const errors: [string, string | undefined][] = [];
        const queue = createPgbossQueue({
          ...(await engine.options()),
          ...testQueueOptions(),
          retryLimit: 2,
          onError: (error, jobId) => errors.push([String(error), jobId]),
        });
        const jobId = randomUUID();
        let attempts = 0;
        const lastAttempt = deferred();
        try {
          await queue.work(() => {
            attempts += 1;
            if (attempts === 3) lastAttempt.resolve();
            return Promise.reject(new Error('the planner failed'));
          });
          await queue.send(jobId);
          await within(lastAttempt.promise, deliveryTimeoutMs, 'the third attempt');
          // stop() returns once the last failure is recorded, and with it the dead letter.
          await queue.stop();

          expect(attempts).toBe(3);
          expect(errors).toEqual(
            Array.from({ length: 3 }, () => ['Error: the planner failed', jobId]),
          );
          expect(await queue.fetchDeadLetters()).toEqual([{ job_id: jobId }]);
        } finally {
          await queue.stop();
        }
      });

      it('shares 50 messages between two workers on the same database, each delivered once', async () => {
        const shared = { ...(await engine.options()), ...testQueueOptions() };
        const workers = [createPgbossQueue(shared), createPgbossQueue(shared)] as const;
        const jobIds = Array.from({ length: 50 }, () => randomUUID());
        const deliveries: { worker: number; jobId: string }[] = [];
        const startedBy = new Set<number>();
        const bothStarted = deferred();
        const allDelivered = deferred();
        try {
          for (const [index, queue] of workers.entries()) {
            await queue.work(
              async (message) => {
                startedBy.add(index);
                if (startedBy.size === 2) bothStarted.resolve();
                // Every handler holds its message until the other worker has one too, so both
                // workers are seen taking part, whichever polls first.
                await within(bothStarted.promise, deliveryTimeoutMs, 'both workers busy');
                deliveries.push({ worker: index, jobId: message.job_id });
                if (deliveries.length === jobIds.length) allDelivered.resolve();
              },
              { concurrency: 2 },
            );
          }
          for (const jobId of jobIds) await workers[0].send(jobId);
          await within(allDelivered.promise, deliveryTimeoutMs * 2, 'all 50 deliveries');
          await Promise.all(workers.map((queue) => queue.stop()));

          expect(deliveries.map((delivery) => delivery.jobId).sort()).toEqual([...jobIds].sort());
          expect(new Set(deliveries.map((delivery) => delivery.worker))).toEqual(new Set([0, 1]));
        } finally {
          await Promise.all(workers.map((queue) => queue.stop()));
        }
      });
    },
  );
}

describe('pg-boss queue on the PGlite the application shares', () => {
  it('keeps a send out of an application transaction that is rolled back', async () => {
    const database = await embeddedDatabase();
    const queue = createPgbossQueue({ ...(await embeddedQueueOptions()), ...testQueueOptions() });
    try {
      // Start pg-boss first, so that only the send itself meets the transaction.
      expect(await queue.fetchDeadLetters()).toEqual([]);
      const jobId = randomUUID();
      let sending: Promise<void> | undefined;
      const rollback = new Error('roll back');
      const transaction = database.db.transaction().execute(async (trx) => {
        sending = queue.send(jobId);
        // The transaction keeps using the one connection while the send is under way.
        for (let statement = 0; statement < 10; statement += 1) await sql`SELECT 1`.execute(trx);
        throw rollback;
      });
      await expect(transaction).rejects.toBe(rollback);
      await sending;

      const delivered = deferred();
      const received: string[] = [];
      await queue.work((message) => {
        received.push(message.job_id);
        delivered.resolve();
        return Promise.resolve();
      });
      await within(delivered.promise, deliveryTimeoutMs, 'the message sent during the transaction');
      expect(received).toEqual([jobId]);
    } finally {
      await queue.stop();
    }
  });
});
