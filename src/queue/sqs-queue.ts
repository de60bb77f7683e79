// The queue on AWS: messages go to an SQS queue (with its own redrive policy and dead-letter
// queue, set up in infra/terraform), and the planner Lambda consumes them through its event
// source mapping, reporting failed records as batchItemFailures. So this adapter only sends,
// and counts the queue's messages for the reaper.
import {
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
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
        throw toUpstreamError(error, `could not send job ${message.job_id}`);
      }
    },

    // The planner's role already holds sqs:GetQueueAttributes, which its event source mapping
    // needs. SQS's counts are approximate and may lag a send by about a minute.
    async countMessages() {
      const { Attributes } = await options.client
        .send(
          new GetQueueAttributesCommand({
            QueueUrl: options.queueUrl,
            AttributeNames: [
              'ApproximateNumberOfMessages',
              'ApproximateNumberOfMessagesDelayed',
              'ApproximateNumberOfMessagesNotVisible',
            ],
          }),
        )
        .catch((error: unknown) => {
          throw toUpstreamError(error, "counting the queue's messages");
        });
      const count = (name: QueueAttributeName) => countAttribute(Attributes?.[name], name);
      return {
        waiting: count('ApproximateNumberOfMessages') + count('ApproximateNumberOfMessagesDelayed'),
        inFlight: count('ApproximateNumberOfMessagesNotVisible'),
      };
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

function countAttribute(value: string | undefined, name: string): number {
  const count = Number(value);
  if (value === undefined || !Number.isInteger(count) || count < 0) {
    throw new UpstreamError('sqs', `GetQueueAttributes returned ${name}=${String(value)}`, {
      retryable: false,
    });
  }
  return count;
}

/** The AWS SDK's service errors carry the HTTP status and whether retrying may help. */
function toUpstreamError(error: unknown, what: string): UpstreamError {
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
    `${what}: ${String(details.message ?? error)}`,
    {
      ...(typeof status === 'number' ? { status } : {}),
      ...(retryable === undefined ? {} : { retryable }),
    },
    { cause: error },
  );
}
