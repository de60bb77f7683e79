// The planner function's self-healing on the embedded database, with the real handler and
// agents: the scheduled reap event, the last SQS delivery failing a job that cannot finish,
// and the guard that ends a job before Lambda's time limit. The same over the SQS protocol is
// in aws-sqs-emulator.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { localSpecialistFunctions } from '../../src/entry/aws/local-lambdas.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import type { LambdaContext } from '../../src/entry/lambda/events.ts';
import { createPlannerHandler } from '../../src/entry/lambda/planner.ts';
import { createLambdaRuntime, type LambdaRuntime } from '../../src/entry/lambda/runtime.ts';
import { UpstreamError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import type { JobQueue } from '../../src/queue/job-queue.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';

const MAX_RECEIVE_COUNT = 3;

describe('the planner function heals what a lost or stopped planner leaves behind', () => {
  let directory: string;
  let services: Services;
  let runtime: LambdaRuntime;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'alex-planner-healing-'));
    // As Terraform configures the planner: it knows the queue's maxReceiveCount.
    services = await createServices(
      loadConfig({ ALEX_DATA_DIR: directory, SQS_MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT) }),
      { logger: silentLogger() },
    );
    runtime = await createLambdaRuntime(services);
    await seedDemoPortfolio(services.repositories);
  }, 180_000);
  afterAll(async () => {
    await services.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const newJob = (maxAttempts?: number) =>
    services.repositories.jobs.create(
      DEMO_USER_ID,
      { analysis_type: 'portfolio_analysis' },
      maxAttempts ? { maxAttempts } : {},
    );
  const jobRow = (jobId: string) => services.repositories.jobs.get(DEMO_USER_ID, jobId);
  /** A job whose planner claimed it and was then lost: running, past its deadline. */
  const abandonedJob = async (maxAttempts?: number) => {
    const job = await newJob(maxAttempts);
    await services.repositories.jobs.claim(job.id, new Date(Date.now() - 1000));
    return job;
  };

  it('a reap event returns an overdue job with attempts left to the queue and fails one without', async () => {
    const sent: string[] = [];
    const recordingQueue: JobQueue = {
      ...runtime.jobs.queue,
      send: (jobId) => {
        sent.push(jobId);
        return Promise.resolve();
      },
    };
    const planner = createPlannerHandler(() =>
      Promise.resolve({ ...runtime, jobs: { ...runtime.jobs, queue: recordingQueue } }),
    );
    const retried = await abandonedJob();
    const spent = await abandonedJob(1);

    expect(await planner({ alex: 'reap' })).toEqual({
      reap: { requeued: [retried.id], failed: [spent.id], resent: [] },
    });
    expect(sent).toEqual([retried.id]);
    expect(await jobRow(retried.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await jobRow(spent.id)).toMatchObject({
      status: 'failed',
      error: 'attempt 1 of 1 lost its worker (no heartbeat, or past its deadline)',
    });
    // Another pass finds nothing left to do.
    expect(await planner({ alex: 'reap' })).toEqual({
      reap: { requeued: [], failed: [], resent: [] },
    });
    await expect(planner({ alex: 'reap-everything' })).rejects.toThrowError(/event\.alex/);
  });

  describe('a crash on the message\u2019s last delivery', () => {
    const pricesDown: () => LambdaRuntime = () => ({
      ...runtime,
      jobs: {
        ...runtime.jobs,
        deps: {
          ...runtime.jobs.deps,
          refreshPrices: () =>
            Promise.reject(new UpstreamError('polygon', 'down hard', { status: 503 })),
        },
      },
    });
    const record = (jobId: string, receiveCount: number) => ({
      Records: [
        {
          messageId: `message-${jobId}`,
          body: JSON.stringify({ job_id: jobId }),
          eventSource: 'aws:sqs',
          attributes: { ApproximateReceiveCount: String(receiveCount) },
        },
      ],
    });
    /** One delivery of this job's message already failed before its claim (a cold start). */
    const jobWithOneCrashedAttempt = async () => {
      const job = await newJob();
      await services.repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
      await services.repositories.jobs.requeue(job.id, ['running'], 'attempt 1 crashed', 1);
      return job;
    };

    it('fails the job with the reason, though it has attempts left, and still reports the record', async () => {
      const job = await jobWithOneCrashedAttempt();
      const planner = createPlannerHandler(() => Promise.resolve(pricesDown()));

      expect(await planner(record(job.id, MAX_RECEIVE_COUNT))).toEqual({
        batchItemFailures: [{ itemIdentifier: `message-${job.id}` }],
      });
      const failed = await jobRow(job.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 2, maxAttempts: 3 });
      expect(failed.error).toMatch(
        /^attempt 2 of 3 \(the last delivery of its queue message\): .*down hard/,
      );
    });

    it('before the last delivery, returns the job to pending for the next one', async () => {
      const job = await jobWithOneCrashedAttempt();
      const planner = createPlannerHandler(() => Promise.resolve(pricesDown()));

      expect(await planner(record(job.id, MAX_RECEIVE_COUNT - 1))).toEqual({
        batchItemFailures: [{ itemIdentifier: `message-${job.id}` }],
      });
      expect(await jobRow(job.id)).toMatchObject({ status: 'pending', attempts: 2 });
    });
  });

  describe('the time guard', () => {
    /** A Lambda context on a fake clock: the invocation ends `limitMs` after its start. */
    function invocation(limitMs: number) {
      let elapsedMs = 0;
      const context: LambdaContext = { getRemainingTimeInMillis: () => limitMs - elapsedMs };
      return { context, spend: (ms: number) => (elapsedMs += ms) };
    }

    it('finishes the job partial, naming the time limit, when the time left cannot cover a specialist', async () => {
      const job = await newJob();
      const { context, spend } = invocation(750_000);
      // Each specialist function "takes" 200 s of the planner's invocation: after two, 350 s are
      // left, less than a specialist's 310 s and the 50 s kept to record it and finish the job.
      const planner = createPlannerHandler(() =>
        Promise.resolve({
          ...runtime,
          specialistRunner: localSpecialistFunctions(runtime, () => {
            spend(200_000);
            return Promise.resolve();
          }),
        }),
      );

      expect(await planner({ job_id: job.id }, context)).toEqual({
        job_id: job.id,
        outcome: 'partial',
      });
      const finished = await jobRow(job.id);
      expect(finished.reportPayload).not.toBeNull();
      expect(finished.chartsPayload).not.toBeNull();
      expect(finished.retirementPayload).toBeNull();
      expect(finished.error).toBe(
        'retirement: not started: the planner had 350 s left before its Lambda time limit; ' +
          'the retirement may need 310 s, and 50 s are kept to record it and finish the job',
      );
      expect(finished.summaryPayload?.status_by_agent).toMatchObject({
        reporter: 'completed',
        charter: 'completed',
        retirement: 'failed',
      });
    });

    it('starts no agent when the invocation has no time for one, and hands the job back', async () => {
      const job = await newJob();
      // 40 s left: the job's deadline would be 10 s away, inside the margin an agent run keeps.
      const { context } = invocation(40_000);
      const planner = createPlannerHandler(() => Promise.resolve(runtime));

      await expect(planner({ job_id: job.id }, context)).rejects.toThrowError(/no time left/);
      const handedBack = await jobRow(job.id);
      expect(handedBack).toMatchObject({ status: 'pending', attempts: 1 });
      expect(handedBack.error).toMatch(/no time left to start another agent/);
      expect(await services.repositories.agentRuns.list(job.id)).toEqual([]);
    });
  });
});
