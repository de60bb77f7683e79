// When the planner reports a record as failed, SQS would deliver it again only after the
// queue's visibility timeout: an hour and a half on AWS (six planner timeouts, so a message is
// never redelivered while a planner still works on it). A failure the planner handled is over,
// so it shortens the wait for that message instead, growing with each receive: 1 min, 4 min,
// then 15 min, until maxReceiveCount moves the message to the dead-letter queue.
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';

export type DeferRedelivery = (receiptHandle: string, receiveCount: number) => Promise<void>;

const FIRST_RETRY_SECONDS = 60;
const RETRY_GROWTH = 4;
const LONGEST_RETRY_SECONDS = 15 * 60;

export function redeliveryDelaySeconds(receiveCount: number): number {
  const retries = Math.max(0, Math.floor(receiveCount) - 1);
  return Math.min(FIRST_RETRY_SECONDS * RETRY_GROWTH ** retries, LONGEST_RETRY_SECONDS);
}

export function createRedeliveryDeferral(
  client: Pick<SQSClient, 'send'>,
  queueUrl: string,
  delaySeconds: (receiveCount: number) => number = redeliveryDelaySeconds,
): DeferRedelivery {
  return async (receiptHandle, receiveCount) => {
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: delaySeconds(receiveCount),
      }),
    );
  };
}
