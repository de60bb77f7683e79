import {
  GetQueueAttributesCommand,
  QueueDoesNotExist,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, InputError, UpstreamError } from '../errors.ts';
import { createSqsQueue } from './sqs-queue.ts';

const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/alex-jobs';
const jobId = '0b7c6f1e-3f1a-4c55-9a43-2f8d1a7e9c10';

describe('SQS queue', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  it('sends {"job_id"} as the message body to the configured queue', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'message-1' });
    const queue = createSqsQueue({ client: new SQSClient({ region: 'us-east-1' }), queueUrl });

    await queue.send(jobId);

    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls.map((call) => call.args[0].input)).toEqual([
      { QueueUrl: queueUrl, MessageBody: `{"job_id":"${jobId}"}` },
    ]);
  });

  it('turns a missing queue into a non-retryable UpstreamError naming sqs and the job', async () => {
    sqs.on(SendMessageCommand).rejects(
      new QueueDoesNotExist({
        message: 'The specified queue does not exist.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const queue = createSqsQueue({ client: new SQSClient({ region: 'us-east-1' }), queueUrl });

    const error: unknown = await queue.send(jobId).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      service: 'sqs',
      status: 400,
      retryable: false,
      message: `sqs: could not send job ${jobId}: The specified queue does not exist.`,
    });
  });

  it('marks a network failure as retryable', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('socket hang up'));
    const queue = createSqsQueue({ client: new SQSClient({ region: 'us-east-1' }), queueUrl });

    await expect(queue.send(jobId)).rejects.toMatchObject({
      service: 'sqs',
      status: undefined,
      retryable: true,
    });
  });

  it('counts waiting messages (visible and delayed) apart from those in flight, for the reaper', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({
      Attributes: {
        ApproximateNumberOfMessages: '7',
        ApproximateNumberOfMessagesDelayed: '2',
        ApproximateNumberOfMessagesNotVisible: '3',
      },
    });
    const queue = createSqsQueue({ client: new SQSClient({ region: 'us-east-1' }), queueUrl });

    expect(await queue.countMessages?.()).toEqual({ waiting: 9, inFlight: 3 });
    expect(sqs.commandCalls(GetQueueAttributesCommand)[0]?.args[0].input.QueueUrl).toBe(queueUrl);
  });

  it('refuses to guess a count SQS did not give', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({
      Attributes: { ApproximateNumberOfMessages: '7', ApproximateNumberOfMessagesDelayed: '0' },
    });
    const queue = createSqsQueue({ client: new SQSClient({ region: 'us-east-1' }), queueUrl });

    await expect(queue.countMessages?.()).rejects.toMatchObject({
      message: 'sqs: GetQueueAttributes returned ApproximateNumberOfMessagesNotVisible=undefined',
      retryable: false,
    });
  });

  it('refuses an id that is not a uuid without calling SQS', async () => {
    const queue = createSqsQueue({ client: new SQSClient({ region: 'us-east-1' }), queueUrl });

    await expect(queue.send('not-a-job-id')).rejects.toBeInstanceOf(InputError);
    expect(sqs.commandCalls(SendMessageCommand)).toEqual([]);
  });

  it('refuses to work: the planner Lambda consumes SQS messages', async () => {
    const queue = createSqsQueue({ client: new SQSClient({ region: 'us-east-1' }), queueUrl });

    const error: unknown = await queue
      .work(() => Promise.resolve())
      .catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain('consumed by the planner Lambda');
    await expect(queue.stop()).resolves.toBeUndefined();
  });
});
