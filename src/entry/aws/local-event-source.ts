// What Lambda's SQS event source mapping does for the planner, on this machine: receive a
// batch, hand it to the handler as an SQS event, delete the records that succeeded, and leave
// the others (batchItemFailures, or the whole batch when the handler throws) to reappear after
// the visibility timeout, where SQS's redrive policy moves them to the dead-letter queue after
// maxReceiveCount receives. Used by the tests of the AWS path and by `alex dev aws`.
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SqsBatchResponse } from '../lambda/events.ts';

export interface LocalEventSourceOptions {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  reportsBatchItemFailures: boolean;
  handler: (event: unknown) => Promise<unknown>;
  /** Long-poll wait of one receive; Lambda's poller uses 20 s, tests less. */
  waitTimeSeconds?: number;
}

export interface PollOutcome {
  received: number;
  deleted: number;
  /** Message ids left in the queue for redelivery. */
  leftForRetry: string[];
  /** The handler's error when it threw (the whole batch is then retried). */
  error?: unknown;
}

export interface LocalEventSource {
  /** One receive and one invocation (none when the queue is empty). */
  pollOnce(): Promise<PollOutcome>;
  /** Poll until stop(); each outcome is passed to `onPoll`. */
  start(onPoll?: (outcome: PollOutcome) => void): void;
  stop(): Promise<void>;
}

export function createLocalEventSource(options: LocalEventSourceOptions): LocalEventSource {
  let running: Promise<void> | undefined;
  let stopping = false;

  async function pollOnce(): Promise<PollOutcome> {
    const { Messages = [] } = await options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: options.batchSize,
        WaitTimeSeconds: options.waitTimeSeconds ?? 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return { received: 0, deleted: 0, leftForRetry: [] };
    const event = { Records: Messages.map((message) => toRecord(message, options.queueArn)) };
    let failedIds: Set<string>;
    let error: unknown;
    try {
      const response = await options.handler(event);
      failedIds = new Set(
        options.reportsBatchItemFailures
          ? ((response as Partial<SqsBatchResponse> | null)?.batchItemFailures ?? []).map(
              (failure) => failure.itemIdentifier,
            )
          : [],
      );
    } catch (thrown) {
      error = thrown;
      failedIds = new Set(Messages.map((message) => message.MessageId ?? ''));
    }
    const succeeded = Messages.filter((message) => !failedIds.has(message.MessageId ?? ''));
    if (succeeded.length > 0) {
      await options.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: succeeded.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
    return {
      received: Messages.length,
      deleted: succeeded.length,
      leftForRetry: [...failedIds],
      ...(error === undefined ? {} : { error }),
    };
  }

  return {
    pollOnce,
    start(onPoll) {
      if (running) return;
      running = (async () => {
        while (!stopping) onPoll?.(await pollOnce());
      })();
    },
    async stop() {
      stopping = true;
      await running;
    },
  };
}

/** An SQS message as Lambda hands it to a function (the fields of a real event record). */
function toRecord(message: Message, queueArn: string) {
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    attributes: message.Attributes ?? {},
    messageAttributes: message.MessageAttributes ?? {},
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}
