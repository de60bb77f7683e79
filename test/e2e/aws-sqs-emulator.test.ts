// The AWS path over SQS's real protocol: the fauxqs emulator, the real @aws-sdk/client-sqs,
// the queue and redrive settings read from infra/terraform/agents, a local stand-in for
// Lambda's event source mapping, and the real planner and specialist handlers on the embedded
// database. Only Lambda itself is replaced: specialists are "invoked" by calling their handler
// with the JSON a Lambda invoke would carry.
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import {
  createLocalEventSource,
  type LocalEventSource,
} from '../../src/entry/aws/local-event-source.ts';
import {
  localPlannerFunction,
  localSpecialistFunctions,
} from '../../src/entry/aws/local-lambdas.ts';
import { startLocalSqs, type LocalSqs } from '../../src/entry/aws/local-sqs.ts';
import {
  loadTerraformModule,
  readJobQueueSettings,
  required,
  type JobQueueSettings,
} from '../../src/entry/aws/terraform-module.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import {
  createRedeliveryDeferral,
  type DeferRedelivery,
} from '../../src/entry/lambda/redelivery.ts';
import { createPlannerHandler } from '../../src/entry/lambda/planner.ts';
import { createLambdaRuntime, type LambdaRuntime } from '../../src/entry/lambda/runtime.ts';
import { UpstreamError } from '../../src/errors.ts';
import { submitJob, type SpecialistRunner } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/log.ts';
import { createSqsQueue } from '../../src/queue/sqs-queue.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';

const TERRAFORM_DIR = 'infra/terraform/agents';
const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/alex.js', import.meta.url));
// The deployment hides a message for 90 minutes; here 1 s, so redeliveries happen in the test.
const VISIBILITY_SECONDS = 1;

describe('the AWS path over the SQS protocol (emulated SQS, real SDK, real handlers)', () => {
  let settings: JobQueueSettings;
  let directory: string;
  let services: Services;
  let runtime: LambdaRuntime;
  let sqs: LocalSqs;
  const sources: LocalEventSource[] = [];

  beforeAll(async () => {
    settings = await readJobQueueSettings(TERRAFORM_DIR);
    directory = mkdtempSync(join(tmpdir(), 'alex-sqs-'));
    // As Terraform configures the planner: it knows the queue's maxReceiveCount.
    services = await createServices(
      loadConfig({
        ALEX_DATA_DIR: directory,
        SQS_MAX_RECEIVE_COUNT: String(settings.maxReceiveCount),
      }),
      { logger: silentLogger() },
    );
    runtime = await createLambdaRuntime(services);
    await seedDemoPortfolio(services.repositories);
  }, 180_000);
  afterAll(async () => {
    await services.close();
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sqs = await startLocalSqs({ settings, visibilityTimeoutSeconds: VISIBILITY_SECONDS });
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.stop()));
    await sqs.stop();
  });

  function plannerSource(
    runSpecialists: SpecialistRunner,
    deferRedelivery?: DeferRedelivery,
    plannerRuntime: LambdaRuntime = runtime,
  ): LocalEventSource {
    const planner = localPlannerFunction(plannerRuntime, runSpecialists, deferRedelivery);
    const source = createLocalEventSource({
      client: sqs.client,
      queueUrl: sqs.queueUrl,
      queueArn: sqs.queueArn,
      batchSize: settings.batchSize,
      reportsBatchItemFailures: settings.reportsBatchItemFailures,
      handler: planner,
      waitTimeSeconds: VISIBILITY_SECONDS + 1,
    });
    sources.push(source);
    return source;
  }

  async function messagesIn(queueUrl: string): Promise<number> {
    const { Attributes } = await sqs.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
    );
  }

  async function submitDemoJob() {
    const queue = createSqsQueue({ client: sqs.client, queueUrl: sqs.queueUrl });
    return submitJob({ repositories: services.repositories, queue }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
  }

  it('reads the deployment queue settings from Terraform', () => {
    expect(settings).toMatchObject({ batchSize: 1, reportsBatchItemFailures: true });
    expect(settings.maxReceiveCount).toBeGreaterThanOrEqual(2);
  });

  it('runs a whole analysis: SQS adapter → queue → planner → specialists → completed, message deleted', async () => {
    const job = await submitDemoJob();
    const outcome = await plannerSource(localSpecialistFunctions(runtime)).pollOnce();
    expect(outcome).toMatchObject({ received: 1, deleted: 1, leftForRetry: [] });

    const finished = await services.repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(finished.status).toBe('completed');
    expect(finished.reportPayload).not.toBeNull();
    expect(finished.chartsPayload).not.toBeNull();
    expect(finished.retirementPayload).not.toBeNull();
    expect(await messagesIn(sqs.queueUrl)).toBe(0);
    expect(await messagesIn(sqs.deadLetterQueueUrl)).toBe(0);
  });

  it('moves a poison message to the dead-letter queue after maxReceiveCount deliveries, which is the DLQ alarm condition', async () => {
    await sqs.client.send(
      new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: '{"job_id": "not-a-job"}' }),
    );
    const source = plannerSource(localSpecialistFunctions(runtime));
    let deliveries = 0;
    // Each receive after the first waits for the visibility timeout to end.
    for (let poll = 0; poll < settings.maxReceiveCount * 3; poll += 1) {
      const outcome = await source.pollOnce();
      deliveries += outcome.received;
      expect(outcome.deleted).toBe(0);
      if (deliveries === settings.maxReceiveCount) break;
    }
    expect(deliveries).toBe(settings.maxReceiveCount);
    // One more receive finds nothing: SQS moved the message on its next receive attempt.
    expect((await source.pollOnce()).received).toBe(0);
    expect(await messagesIn(sqs.queueUrl)).toBe(0);

    const dlqMessages = await messagesIn(sqs.deadLetterQueueUrl);
    const alarm = required(
      (await loadTerraformModule(TERRAFORM_DIR)).resources,
      'aws_cloudwatch_metric_alarm.jobs_dlq_not_empty',
    );
    expect(alarm['comparison_operator']).toBe('GreaterThanThreshold');
    expect(dlqMessages).toBeGreaterThan(Number(alarm['threshold']));
  });

  it('a failure the planner handled comes back after the redelivery backoff, not after the visibility timeout', async () => {
    await sqs.stop();
    sqs = await startLocalSqs({ settings, visibilityTimeoutSeconds: 60 });
    await sqs.client.send(
      new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: '{"job_id": "not-a-job"}' }),
    );
    const receiveCounts: number[] = [];
    // The deployment waits 1, 4, then 15 minutes (redelivery.ts); here 1 s, against a 60 s queue.
    const source = plannerSource(
      localSpecialistFunctions(runtime),
      createRedeliveryDeferral(sqs.client, sqs.queueUrl, (receiveCount) => {
        receiveCounts.push(receiveCount);
        return 1;
      }),
    );
    expect(await source.pollOnce()).toMatchObject({ received: 1, deleted: 0 });
    const again = await source.pollOnce();
    expect(again).toMatchObject({ received: 1, deleted: 0 });
    expect(receiveCounts).toEqual([1, 2]);
  });

  it("a job that cannot finish by its message's last delivery is failed before SQS parks the message", async () => {
    const job = await submitDemoJob();
    const { repositories } = runtime.jobs.deps;
    let claims = 0;
    // The first delivery fails before it claims the job (an auto-paused Aurora still resuming
    // at cold start), so only two of the three deliveries run an attempt; both crash.
    const crashing: LambdaRuntime = {
      ...runtime,
      jobs: {
        ...runtime.jobs,
        deps: {
          ...runtime.jobs.deps,
          repositories: {
            ...repositories,
            jobs: {
              ...repositories.jobs,
              claim: (jobId, deadlineAt) =>
                (claims += 1) === 1
                  ? Promise.reject(new UpstreamError('aurora', 'DatabaseResumingException'))
                  : repositories.jobs.claim(jobId, deadlineAt),
            },
          },
          refreshPrices: () =>
            Promise.reject(new UpstreamError('polygon', 'down hard', { status: 503 })),
        },
      },
    };
    const source = plannerSource(localSpecialistFunctions(runtime), undefined, crashing);
    let deliveries = 0;
    for (let poll = 0; poll < settings.maxReceiveCount * 3; poll += 1) {
      const outcome = await source.pollOnce();
      deliveries += outcome.received;
      expect(outcome.deleted).toBe(0);
      if (deliveries === settings.maxReceiveCount) break;
    }
    expect(deliveries).toBe(settings.maxReceiveCount);

    const failed = await services.repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: settings.maxReceiveCount - 1 });
    expect(failed.error).toMatch(/the last delivery of its queue message\): polygon: down hard/);
    // The message is parked for a person to look at, and the job no longer claims to run.
    expect((await source.pollOnce()).received).toBe(0);
    expect(await messagesIn(sqs.queueUrl)).toBe(0);
    expect(await messagesIn(sqs.deadLetterQueueUrl)).toBe(1);
  });

  it('the scheduled reap event sends a job whose planner was lost back through SQS to a planner that finishes it', async () => {
    const job = await services.repositories.jobs.create(DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    // Its planner claimed it and was lost: running, past its deadline, its message gone.
    await services.repositories.jobs.claim(job.id, new Date(Date.now() - 1000));
    const queue = createSqsQueue({ client: sqs.client, queueUrl: sqs.queueUrl });
    const reaper = createPlannerHandler(() =>
      Promise.resolve({ ...runtime, jobs: { ...runtime.jobs, queue } }),
    );

    expect(await reaper({ alex: 'reap' })).toEqual({
      reap: { requeued: [job.id], failed: [], resent: [] },
    });
    expect(await messagesIn(sqs.queueUrl)).toBe(1);
    const outcome = await plannerSource(localSpecialistFunctions(runtime)).pollOnce();
    expect(outcome).toMatchObject({ received: 1, deleted: 1, leftForRetry: [] });
    expect(await services.repositories.jobs.get(DEMO_USER_ID, job.id)).toMatchObject({
      status: 'completed',
      attempts: 2,
    });
  });

  /** The scheduled reap event, run as if `minutes` had passed since now. */
  function scheduledReaperLater(minutes: number) {
    const queue = createSqsQueue({ client: sqs.client, queueUrl: sqs.queueUrl });
    const later = () => new Date(Date.now() + minutes * 60_000);
    return createPlannerHandler(() =>
      Promise.resolve({
        ...runtime,
        jobs: { ...runtime.jobs, queue, deps: { ...runtime.jobs.deps, now: later } },
      }),
    );
  }

  async function drainQueue(): Promise<number> {
    const source = plannerSource(localSpecialistFunctions(runtime));
    let received = 0;
    for (let poll = 0; poll < 12 && (await messagesIn(sqs.queueUrl)) > 0; poll += 1)
      received += (await source.pollOnce()).received;
    return received;
  }

  it('the scheduled reaper sends no copy of jobs whose messages wait in a backlog', async () => {
    // Three analyses queued while every planner is busy: pending for over ten minutes, their
    // messages still waiting their turn.
    const jobs = [await submitDemoJob(), await submitDemoJob(), await submitDemoJob()];
    const reap = await scheduledReaperLater(11)({ alex: 'reap' });
    expect(reap).toEqual({ reap: { requeued: [], failed: [], resent: [] } });
    expect(await messagesIn(sqs.queueUrl)).toBe(3);

    expect(await drainQueue()).toBe(3);
    for (const job of jobs) {
      expect(await services.repositories.jobs.get(DEMO_USER_ID, job.id)).toMatchObject({
        status: 'completed',
        attempts: 1,
      });
    }
  });

  it('the scheduled reaper sends a lost message again, also behind a backlog, and nothing more', async () => {
    // A job whose message never reached the queue (its sender died after creating it), then two
    // more whose messages wait.
    const lost = await services.repositories.jobs.create(DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    const waiting = [await submitDemoJob(), await submitDemoJob()];
    const reap = await scheduledReaperLater(11)({ alex: 'reap' });
    expect(reap).toEqual({ reap: { requeued: [], failed: [], resent: [lost.id] } });
    expect(await messagesIn(sqs.queueUrl)).toBe(3);

    expect(await drainQueue()).toBe(3);
    for (const job of [lost, ...waiting]) {
      expect(await services.repositories.jobs.get(DEMO_USER_ID, job.id)).toMatchObject({
        status: 'completed',
        attempts: 1,
      });
    }
  });

  it('processes a job delivered twice exactly once', async () => {
    const job = await submitDemoJob();
    await sqs.client.send(
      new SendMessageCommand({
        QueueUrl: sqs.queueUrl,
        MessageBody: JSON.stringify({ job_id: job.id }),
      }),
    );
    const source = plannerSource(localSpecialistFunctions(runtime));
    let received = 0;
    for (let poll = 0; poll < 4 && received < 2; poll += 1)
      received += (await source.pollOnce()).received;
    expect(received).toBe(2);

    const finished = await services.repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(finished.status).toBe('completed');
    expect(finished.attempts).toBe(1);
    const runs = await services.repositories.agentRuns.list(job.id);
    expect(runs.filter((run) => run.agent === 'planner')).toHaveLength(1);
    expect(await messagesIn(sqs.queueUrl)).toBe(0);
  });

  it('a message that reappears while its job still runs (visibility shorter than the job) is a no-op', async () => {
    const job = await submitDemoJob();
    let releaseSpecialists: () => void = () => undefined;
    const secondDeliveryHandled = new Promise<void>((resolve) => {
      releaseSpecialists = resolve;
    });
    // The first planner's specialists wait until the redelivered message has been handled.
    const slow = plannerSource(localSpecialistFunctions(runtime, () => secondDeliveryHandled));
    const other = plannerSource(localSpecialistFunctions(runtime));
    const first = slow.pollOnce();
    let second = await other.pollOnce();
    for (let poll = 0; poll < 4 && second.received === 0; poll += 1)
      second = await other.pollOnce();
    expect(second).toMatchObject({ received: 1, deleted: 1 });
    expect((await services.repositories.jobs.get(DEMO_USER_ID, job.id)).status).toBe('running');
    releaseSpecialists();
    expect(await first).toMatchObject({ received: 1, leftForRetry: [] });

    const finished = await services.repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(finished.status).toBe('completed');
    expect(finished.attempts).toBe(1);
    const runs = await services.repositories.agentRuns.list(job.id);
    expect(runs.filter((run) => run.agent === 'planner')).toHaveLength(1);
  });
});

describe('alex dev aws', () => {
  it('--demo sends the demo analysis through the emulated queue to the local functions and exits 0', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'alex-dev-aws-'));
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [bin, 'dev', 'aws', '--demo', '--output', join(directory, 'out')],
        { env: { ...process.env, ALEX_DATA_DIR: join(directory, 'db') }, timeout: 120_000 },
      );
      expect(stderr).toContain('SQS emulator at http://127.0.0.1:');
      expect(stderr).toMatch(/planner: 1 message\(s\), 1 deleted, 0 left for redelivery/);
      expect(stdout).toContain('The analysis is complete');
      expect(stdout).toContain(`outputs in ${join(directory, 'out')}`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 150_000);
});
