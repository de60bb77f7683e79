// The queue on AWS: messages go to an SQS queue (with its own redrive policy and dead-letter
// queue, set up in infra/terraform), and the planner Lambda consumes them through its event
// source mapping, reporting failed records as batchItemFailures. So this adapter only sends.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { jobMessageSchema } from '../contracts/queue-message.ts';
import { ConfigError, UpstreamError } from '../errors.ts';
import { parseWith } from '../parse-json.ts';
import type { JobQueue } from './job-queue.ts';

/**
 * An SQS client for the region (the environment's when not given). Callers that load SQS on
 * demand import this module rather than '@aws-sdk/client-sqs' itself: in a Lambda bundle
 * (esbuild, code splitting) a dynamically imported CommonJS package is a chunk whose only
 * export is `default`, so `const { SQSClient } = await import('@aws-sdk/client-sqs')` would
 * be undefined there.
 */
export function createSqsClient(region: string | undefined): SQSClient {
  return new SQSClient(region ? { region } : {});
}

export interface SqsQueueOptions {
  client: SQSClient;
  queueUrl: string;
}

export function createSqsQueue(options: SqsQueueOptions): JobQueue {
  return {
    kind: 'sqs',

    async send(jobId) {
      const message = parseWith(jobMessageSchema, jobId, 'jobId');
      try {
        await options.client.send(
          new SendMessageCommand({
            QueueUrl: options.queueUrl,
            MessageBody: JSON.stringify(message),
          }),
        );
      } catch (error) {
        throw toUpstreamError(error, message.job_id);
      }
    },

    work() {
      return Promise.reject(
        new ConfigError(
          'ALEX_QUEUE',
          'is sqs, whose messages are consumed by the planner Lambda, not by a worker process; ' +
            'use ALEX_QUEUE=local or pgboss to run workers',
        ),
      );
    },

    stop() {
      return Promise.resolve();
    },
  };
}

/** The AWS SDK's service errors carry the HTTP status and whether retrying may help. */
function toUpstreamError(error: unknown, jobId: string): UpstreamError {
  const details = error as {
    message?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $retryable?: unknown;
  };
  const status = details.$metadata?.httpStatusCode;
  // A throttled or server-side failure may pass; a client fault (no such queue, access denied)
  // will not. Without either mark (a network error), the status decides, as elsewhere.
  const retryable =
    details.$retryable || details.$fault === 'server'
      ? true
      : details.$fault === 'client'
        ? false
        : undefined;
  return new UpstreamError(
    'sqs',
    `could not send job ${jobId}: ${String(details.message ?? error)}`,
    {
      ...(typeof status === 'number' ? { status } : {}),
      ...(retryable === undefined ? {} : { retryable }),
    },
    { cause: error },
  );
}
