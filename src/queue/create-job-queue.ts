// The one place the queue adapter is chosen from configuration. The pg-boss and SQS adapters
// are loaded only when chosen, so the embedded path never loads pg-boss or the AWS SDK.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import type { DatabaseHandle } from '../store/database.ts';
import { createJobRepository } from '../store/repositories/job-repository.ts';
import type { JobQueue } from './job-queue.ts';
import { createLocalQueue } from './local-queue.ts';
import type { PgbossQueueOptions } from './pgboss-queue.ts';

export interface JobQueueDependencies {
  /** The open database: its jobs table is the local queue; pg-boss can share an embedded one. */
  database: Pick<DatabaseHandle, 'db' | 'kind' | 'pglite'>;
  /** Told about handler failures (with the job id) and the queue's own errors (without). */
  onError?: (error: unknown, jobId: string | undefined) => void;
  /** The SQS client; by default one for the configured AWS region. */
  sqsClient?: SQSClient;
}

export async function createJobQueue(
  config: Pick<Config, 'queue' | 'database' | 'awsRegion'>,
  dependencies: JobQueueDependencies,
): Promise<JobQueue> {
  const { database, onError } = dependencies;
  switch (config.queue.kind) {
    case 'local': {
      const jobs = createJobRepository(database.db);
      return createLocalQueue({
        pendingJobIds: () => jobs.listPendingIds(),
        ...(onError ? { onError } : {}),
      });
    }
    case 'pgboss': {
      const { createPgbossQueue } = await import('./pgboss-queue.ts');
      return createPgbossQueue({
        ...pgbossDatabase(config, database),
        ...(config.queue.pgbossSchema ? { schema: config.queue.pgbossSchema } : {}),
        ...(onError ? { onError } : {}),
      });
    }
    case 'sqs': {
      const queueUrl = config.queue.sqsQueueUrl;
      if (!queueUrl) throw new ConfigError('SQS_QUEUE_URL', 'is required when ALEX_QUEUE=sqs');
      const { createSqsClient, createSqsQueue } = await import('./sqs-queue.ts');
      const client = dependencies.sqsClient ?? createSqsClient(config.awsRegion);
      return createSqsQueue({ client, queueUrl });
    }
  }
}

function pgbossDatabase(
  config: Pick<Config, 'database'>,
  database: JobQueueDependencies['database'],
): { connectionString: string } | Pick<PgbossQueueOptions, 'pglite' | 'runExclusive'> {
  if (config.database.kind === 'postgres')
    return { connectionString: config.database.url.reveal() };
  if (config.database.kind === 'pglite' && database.pglite) {
    return {
      pglite: database.pglite,
      // The embedded database is one connection: pg-boss waits its turn behind Kysely's
      // transactions instead of running inside them (see pgboss-queue.ts).
      runExclusive: (statement) => database.db.connection().execute(() => statement()),
    };
  }
  throw new ConfigError(
    'ALEX_QUEUE',
    'pgboss needs PostgreSQL (DATABASE_URL) or the embedded database; the Aurora Data API holds no connection for it',
  );
}
