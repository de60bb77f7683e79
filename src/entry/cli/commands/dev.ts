// `alex dev aws`: the AWS path on this machine. An SQS emulator on 127.0.0.1 with the queue,
// dead-letter queue and redrive settings of infra/terraform/agents, a stand-in for Lambda's
// event source mapping feeding the real planner handler, and the specialist handlers invoked
// as functions, over the configured database (embedded by default). Needs the development
// dependencies (npm install without --omit=dev).
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { describeError } from '../../../errors.ts';
import { submitJob } from '../../../jobs/index.ts';
import { createSqsQueue } from '../../../queue/sqs-queue.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../../store/seeds/demo-portfolio.ts';
import { createLocalEventSource } from '../../aws/local-event-source.ts';
import { localPlannerFunction, localSpecialistFunctions } from '../../aws/local-lambdas.ts';
import { startLocalSqs } from '../../aws/local-sqs.ts';
import { readJobQueueSettings } from '../../aws/terraform-module.ts';
import { createRedeliveryDeferral } from '../../lambda/redelivery.ts';
import { createLambdaRuntime } from '../../lambda/runtime.ts';
import type { CommandContext } from '../context.ts';
import { writeJobOutputs } from '../job-output.ts';
import { numberOption } from '../options.ts';
import { printLine, printNotice } from '../output.ts';
import { followJob } from '../progress-display.ts';
import { untilSignal } from '../until-signal.ts';

const TERRAFORM_DIR = fileURLToPath(new URL('../../../../infra/terraform/agents', import.meta.url));

interface DevAwsOptions {
  demo?: boolean;
  port?: string;
  visibilityTimeout?: string;
  output: string;
}

export function registerDevCommands(program: Command, context: CommandContext): void {
  const dev = program.command('dev').description('run deployment paths on this machine');
  dev
    .command('aws')
    .description(
      'the AWS path locally: SQS emulator with the Terraform queue settings, the planner fed by a local event source mapping, specialists invoked as functions',
    )
    .option(
      '--demo',
      'send the demo analysis through the queue, wait for it, write the outputs and exit',
    )
    .option('--port <n>', 'port of the SQS emulator on 127.0.0.1 (default: a free one)')
    .option(
      '--visibility-timeout <seconds>',
      'visibility timeout of the local job queue (the deployment uses six planner timeouts)',
      '30',
    )
    .option('--output <dir>', 'where --demo writes the outputs', 'alex-output')
    .action(async (options: DevAwsOptions) => {
      await devAws(context, options);
    });
}

async function devAws(context: CommandContext, options: DevAwsOptions): Promise<void> {
  const port = numberOption('--port', options.port, { min: 0, max: 65_535, integer: true }) ?? 0;
  const visibilityTimeoutSeconds = numberOption('--visibility-timeout', options.visibilityTimeout, {
    min: 1,
    max: 43_200,
    integer: true,
  });
  const settings = await readJobQueueSettings(TERRAFORM_DIR);
  const services = await context.services();
  const runtime = await createLambdaRuntime(services);
  const sqs = await startLocalSqs({
    settings,
    port,
    ...(visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds }),
  });
  const source = createLocalEventSource({
    client: sqs.client,
    queueUrl: sqs.queueUrl,
    queueArn: sqs.queueArn,
    batchSize: settings.batchSize,
    reportsBatchItemFailures: settings.reportsBatchItemFailures,
    handler: localPlannerFunction(
      runtime,
      localSpecialistFunctions(runtime),
      createRedeliveryDeferral(sqs.client, sqs.queueUrl),
    ),
  });
  source.start((outcome) => {
    if (outcome.received === 0) return;
    printNotice(
      `planner: ${outcome.received} message(s), ${outcome.deleted} deleted, ` +
        `${outcome.leftForRetry.length} left for redelivery` +
        (outcome.error === undefined ? '' : ` (handler threw: ${describeError(outcome.error)})`),
    );
  });
  printNotice(
    `SQS emulator at ${sqs.endpoint}\n  job queue ${sqs.queueUrl} ` +
      `(redrive to ${settings.deadLetterQueueName} after ${settings.maxReceiveCount} receives)`,
  );
  try {
    if (options.demo) {
      await seedDemoPortfolio(services.repositories);
      const queue = createSqsQueue({ client: sqs.client, queueUrl: sqs.queueUrl });
      const job = await submitJob({ repositories: services.repositories, queue }, DEMO_USER_ID, {
        analysis_type: 'portfolio_analysis',
      });
      printNotice(`job ${job.id} sent to the queue`);
      const finished = await followJob(services.repositories, DEMO_USER_ID, job.id, { live: true });
      const outputs = writeJobOutputs(finished, options.output);
      printLine(
        finished.summaryPayload?.summary ?? `job ${finished.status}: ${finished.error ?? ''}`,
      );
      printLine(`outputs in ${outputs.directory}/`);
      if (finished.status === 'failed') process.exitCode = 1;
      return;
    }
    // Another process can only add jobs to a database server; the embedded one is this
    // process's alone.
    printNotice(
      services.config.database.kind === 'pglite'
        ? 'the embedded database is this process’s alone: use --demo, or DATABASE_URL to send jobs from another shell'
        : `send jobs from another shell: ALEX_QUEUE=sqs SQS_QUEUE_URL=${sqs.queueUrl} ` +
            `AWS_ENDPOINT_URL_SQS=${sqs.endpoint} AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local ` +
            'AWS_SECRET_ACCESS_KEY=local npx alex analyze --demo --no-worker',
    );
    printNotice('stop with Ctrl-C');
    await untilSignal();
  } finally {
    await source.stop();
    await sqs.stop();
  }
}
