// SQS on this machine: the fauxqs emulator (a development dependency) speaking SQS's real
// protocol on 127.0.0.1, with the job queue and its dead-letter queue created as
// infra/terraform/agents creates them. The real @aws-sdk/client-sqs talks to it, so the SQS
// adapter and the planner's batch handling run over the same wire as on AWS.
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueueSettings } from './terraform-module.ts';

export interface LocalSqs {
  endpoint: string;
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  stop(): Promise<void>;
}

export interface LocalSqsOptions {
  settings: JobQueueSettings;
  /** 0 picks a free port. */
  port?: number;
  /**
   * Shorter than the deployment's (an hour and a half) so a redelivery can be watched; the
   * receive count and dead-lettering follow the Terraform settings unchanged.
   */
  visibilityTimeoutSeconds?: number;
}

export async function startLocalSqs(options: LocalSqsOptions): Promise<LocalSqs> {
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port: options.port ?? 0, host: '127.0.0.1', logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = new SQSClient({
    endpoint,
    region: 'us-east-1',
    // The emulator checks no signature; the SDK wants some credentials to sign with.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { settings } = options;
    const deadLetter = await client.send(
      new CreateQueueCommand({ QueueName: settings.deadLetterQueueName }),
    );
    const deadLetterQueueUrl = required(deadLetter.QueueUrl, 'dead-letter queue URL');
    const deadLetterArn = await queueArn(client, deadLetterQueueUrl);
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: settings.queueName,
        Attributes: {
          VisibilityTimeout: String(
            options.visibilityTimeoutSeconds ?? settings.visibilityTimeoutSeconds,
          ),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: deadLetterArn,
            maxReceiveCount: settings.maxReceiveCount,
          }),
        },
      }),
    );
    const queueUrl = required(queue.QueueUrl, 'queue URL');
    return {
      endpoint,
      client,
      queueUrl,
      queueArn: await queueArn(client, queueUrl),
      deadLetterQueueUrl,
      async stop() {
        client.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    client.destroy();
    await server.stop();
    throw error;
  }
}

async function queueArn(client: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return required(Attributes?.QueueArn, `ARN of ${queueUrl}`);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the SQS emulator returned no ${what}`);
  return value;
}
