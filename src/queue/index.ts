// The queue's public surface. The pg-boss and SQS adapters are exported as types only: importing
// this file must not load pg-boss or the AWS SDK (createJobQueue loads the one chosen).
export type { JobMessageHandler, JobQueue } from './job-queue.ts';
export { createJobQueue, type JobQueueDependencies } from './create-job-queue.ts';
export { createLocalQueue, type LocalQueueOptions } from './local-queue.ts';
export type { PgbossJobQueue, PgbossQueueOptions } from './pgboss-queue.ts';
export type { SqsQueueOptions } from './sqs-queue.ts';
