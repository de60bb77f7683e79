import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import type { Database } from '../store/tables.ts';
import { createJobQueue, type JobQueueDependencies } from './create-job-queue.ts';

// A Kysely over a pool that is never asked for a connection: choosing an adapter opens nothing.
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ host: '127.0.0.1', port: 1 }) }),
});
afterAll(() => db.destroy());

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/alex-jobs';
const jobId = '6a0f4f2c-1d57-4d0e-8f0a-5c3e2b9d7a41';

function embedded(): JobQueueDependencies {
  return { database: { db, kind: 'pglite', pglite: undefined } };
}
function postgres(): JobQueueDependencies {
  return { database: { db, kind: 'postgres', pglite: undefined } };
}

describe('createJobQueue', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  it('uses the local queue with the embedded database by default', async () => {
    const queue = await createJobQueue(loadConfig({}), embedded());
    expect(queue.kind).toBe('local');
  });

  it('uses pg-boss by default when DATABASE_URL is PostgreSQL, connecting only when used', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://alex@127.0.0.1:1/alex' });
    const queue = await createJobQueue(config, postgres());
    expect(queue.kind).toBe('pgboss');
    await queue.stop();
  });

  it('honours ALEX_QUEUE=local with PostgreSQL', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://alex@127.0.0.1:1/alex',
      ALEX_QUEUE: 'local',
    });
    expect((await createJobQueue(config, postgres())).kind).toBe('local');
  });

  it('sends to SQS_QUEUE_URL with ALEX_QUEUE=sqs', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'message-1' });
    const config = loadConfig({
      ALEX_QUEUE: 'sqs',
      SQS_QUEUE_URL: queueUrl,
      AWS_REGION: 'eu-west-1',
    });
    const queue = await createJobQueue(config, {
      ...embedded(),
      sqsClient: new SQSClient({ region: 'eu-west-1' }),
    });

    await queue.send(jobId);

    expect(queue.kind).toBe('sqs');
    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input.QueueUrl)).toEqual(
      [queueUrl],
    );
  });

  it('names SQS_QUEUE_URL when the sqs queue has no URL', async () => {
    const config: Config = { ...loadConfig({}), queue: { kind: 'sqs', sqsQueueUrl: undefined } };
    await expect(createJobQueue(config, embedded())).rejects.toMatchObject({
      name: 'ConfigError',
      variable: 'SQS_QUEUE_URL',
    });
  });

  it('refuses pg-boss over the Aurora Data API, naming ALEX_QUEUE', async () => {
    const aurora = loadConfig({
      AURORA_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:alex',
      AURORA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alex',
    });
    const config: Config = { ...aurora, queue: { kind: 'pgboss', sqsQueueUrl: undefined } };
    const error: unknown = await createJobQueue(config, {
      database: { db, kind: 'aurora', pglite: undefined },
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'ALEX_QUEUE' });
  });
});
