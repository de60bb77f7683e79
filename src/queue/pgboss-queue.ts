// The queue on PostgreSQL: pg-boss keeps the messages in its own schema, retries failed ones with
// backoff and moves the ones that used up their retries to a dead-letter queue. Any number of
// processes (`alex worker` on many machines) consume the same queue; pg-boss hands each message
// to one of them (SELECT … FOR UPDATE SKIP LOCKED). It also runs on the embedded PGlite.
import { fromPglite, PgBoss, type ConstructorOptions, type Db, type PGliteLike } from 'pg-boss';
import { z } from 'zod';
import { jobMessageSchema, type JobMessage } from '../contracts/queue-message.ts';
import { ConflictError, InputError } from '../errors.ts';
import { parseWith } from '../parse-json.ts';
import type { JobMessageHandler, JobQueue } from './job-queue.ts';

export interface PgbossQueueOptions {
  /** PostgreSQL to keep the queue in. Give this or `pglite`. */
  connectionString?: string;
  /** The embedded database to keep the queue in (its owner opens and closes it). */
  pglite?: PGliteLike;
  /**
   * Runs one pg-boss statement while nothing else holds the embedded connection. PGlite is a
   * single session: without this, a pg-boss statement issued while the application has a
   * transaction open on the same PGlite would run inside that transaction (and pg-boss's own
   * `BEGIN … COMMIT` blocks would commit it early). Pass the application's connection lock.
   */
  runExclusive?: <T>(statement: () => Promise<T>) => Promise<T>;
  /** Schema pg-boss creates and owns. Default `pgboss`. */
  schema?: string;
  queueName?: string;
  deadLetterName?: string;
  /** Retries after the first delivery before the message goes to the dead-letter queue. */
  retryLimit?: number;
  /** First delay before a retry, in whole seconds (pg-boss stores it as an integer). */
  retryDelaySeconds?: number;
  /** Double the delay with each retry (with jitter). */
  retryBackoff?: boolean;
  /** How long one delivery may run before pg-boss counts it as failed and retries it. */
  expireInSeconds?: number;
  /** How often an idle worker asks for the next message (pg-boss accepts 0.5 and more). */
  pollingIntervalSeconds?: number;
  /** Told about a handler failure (with its job id when the message named one) or a pg-boss error. */
  onError?: (error: unknown, jobId: string | undefined) => void;
}

/** The pg-boss queue, plus a look into its dead-letter queue for tests and operators. */
export interface PgbossJobQueue extends JobQueue {
  readonly kind: 'pgboss';
  /** Messages waiting in the dead-letter queue, oldest first. */
  fetchDeadLetters(): Promise<JobMessage[]>;
}

// Two retries a few seconds apart ride out a restarting database or a model provider's brief
// outage; a job that still fails is a real failure and is parked, not retried for ever.
// 900 s is one job's budget end to end (the planner plus the specialists, each with timeouts).
const optionsSchema = z.object({
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('pgboss'),
  queueName: z.string().min(1).default('alex-jobs'),
  deadLetterName: z.string().min(1).default('alex-jobs-dead'),
  retryLimit: z.number().int().nonnegative().default(2),
  retryDelaySeconds: z.number().int().nonnegative().default(5),
  retryBackoff: z.boolean().default(true),
  expireInSeconds: z.number().int().positive().default(900),
  // pg-boss polls every 2 s unless told otherwise; half a second is its floor. Each of the
  // `concurrency` pollers also waits out this interval after every job it finishes (with a batch
  // of one, its burst mode never applies), which is nothing next to a job's model calls.
  pollingIntervalSeconds: z.number().min(0.5).default(0.5),
});
const workOptionsSchema = z.object({ concurrency: z.number().int().positive().default(1) });

export function createPgbossQueue(options: PgbossQueueOptions): PgbossJobQueue {
  const settings = parseWith(optionsSchema, options, 'pgbossQueue');
  if (Boolean(options.connectionString) === Boolean(options.pglite)) {
    throw InputError.field('pgbossQueue', 'give either connectionString or pglite');
  }
  const reportError = options.onError ?? (() => undefined);
  let starting: Promise<PgBoss> | undefined;
  let workId: string | undefined;

  function bossOptions(): ConstructorOptions {
    const common = {
      schema: settings.schema,
      // Alex schedules nothing with cron; without this pg-boss runs its clock-skew and cron timers.
      schedule: false,
    };
    if (options.pglite) {
      return {
        ...common,
        backend: 'pglite',
        db: embeddedDatabase(options.pglite, options.runExclusive),
      };
    }
    return { ...common, connectionString: options.connectionString };
  }

  async function start(): Promise<PgBoss> {
    const boss = new PgBoss(bossOptions());
    // pg-boss is an EventEmitter: an 'error' with no listener would throw out of its timers and
    // end the process. Its errors are maintenance and polling failures; it keeps going after them.
    boss.on('error', (error) => reportError(error, undefined));
    try {
      await boss.start();
      // createQueue refuses a dead-letter queue that does not exist yet, so it comes first.
      await boss.createQueue(settings.deadLetterName);
      const policy = {
        retryLimit: settings.retryLimit,
        retryDelay: settings.retryDelaySeconds,
        retryBackoff: settings.retryBackoff,
        expireInSeconds: settings.expireInSeconds,
      };
      await boss.createQueue(settings.queueName, {
        ...policy,
        deadLetter: settings.deadLetterName,
      });
      // createQueue does nothing when the queue exists, so a changed policy is applied here.
      await boss.updateQueue(settings.queueName, {
        ...policy,
        deadLetter: settings.deadLetterName,
      });
      return boss;
    } catch (error) {
      await boss.stop({ graceful: false }).catch(() => undefined);
      throw error;
    }
  }

  function started(): Promise<PgBoss> {
    starting ??= start().catch((error: unknown) => {
      starting = undefined;
      throw error;
    });
    return starting;
  }

  async function deliver(handler: JobMessageHandler, data: unknown): Promise<void> {
    try {
      await handler(parseWith(jobMessageSchema, data, 'message'));
    } catch (error) {
      reportError(error, jobMessageSchema.safeParse(data).data?.job_id);
      // Rethrown so pg-boss records the failure and schedules the retry (or the dead letter).
      throw error;
    }
  }

  return {
    kind: 'pgboss',

    async send(jobId) {
      const message = parseWith(jobMessageSchema, jobId, 'jobId');
      const boss = await started();
      await boss.send(settings.queueName, message);
      // A worker in this process would otherwise wait for its next poll. pg-boss wakes only the
      // first of the `localConcurrency` workers by this id, which is enough to fetch the message.
      if (workId) boss.notifyWorker(workId);
    },

    async work(handler, workOptions = {}) {
      const { concurrency } = parseWith(workOptionsSchema, workOptions, 'work');
      const boss = await started();
      if (workId) throw new ConflictError('the pg-boss queue is already working');
      // Handlers receive an array even with batchSize 1; one message per fetch keeps a failure
      // (and its retry) to the one job that failed. localConcurrency starts that many pollers.
      workId = await boss.work<unknown>(
        settings.queueName,
        {
          batchSize: 1,
          localConcurrency: concurrency,
          pollingIntervalSeconds: settings.pollingIntervalSeconds,
        },
        async ([job]) => {
          if (job) await deliver(handler, job.data);
        },
      );
    },

    async stop() {
      const current = starting;
      starting = undefined;
      const boss = await current?.catch(() => undefined);
      if (!boss) return;
      // offWork with wait returns once the handlers in flight have settled and been recorded;
      // stop() alone would wait only up to its timeout and then fail the jobs still running.
      if (workId) await boss.offWork(settings.queueName, { wait: true });
      workId = undefined;
      // close ends pg-boss's own pool; a PGlite given to it stays open for its owner.
      await boss.stop({ graceful: true, close: true });
    },

    async fetchDeadLetters() {
      const boss = await started();
      const jobs = await boss.findJobs<unknown>(settings.deadLetterName, { queued: true });
      return jobs.map((job) => parseWith(jobMessageSchema, job.data, 'deadLetter'));
    },
  };
}

function embeddedDatabase(
  pglite: PGliteLike,
  runExclusive: PgbossQueueOptions['runExclusive'],
): Db {
  const database = fromPglite(pglite);
  if (!runExclusive) return database;
  return {
    ...database,
    executeSql: (text, values) => runExclusive(() => database.executeSql(text, values)),
  };
}
