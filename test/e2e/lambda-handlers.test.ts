import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.ts';
import { reportPayloadSchema } from '../../src/contracts/payloads.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import { UpstreamError } from '../../src/errors.ts';
import { createLambdaSpecialistRunner } from '../../src/entry/lambda/invoke-specialist.ts';
import { createPlannerHandler } from '../../src/entry/lambda/planner.ts';
import { createLambdaRuntime, type LambdaRuntime } from '../../src/entry/lambda/runtime.ts';
import { createSpecialistHandler } from '../../src/entry/lambda/specialist.ts';
import { submitJob } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/log.ts';
import { parseJson } from '../../src/parse-json.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';

const sqsEventText = readFileSync(
  new URL('../fixtures/lambda-events/sqs-two-records.json', import.meta.url),
  'utf8',
);

describe('Lambda handlers on the embedded database', () => {
  let directory: string;
  let services: Services;
  let runtime: LambdaRuntime;
  const noQueue = { send: () => Promise.resolve() };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'alex-lambda-'));
    services = await createServices(loadConfig({ ALEX_DATA_DIR: directory }), {
      logger: silentLogger(),
    });
    runtime = await createLambdaRuntime(services);
    await seedDemoPortfolio(services.repositories);
  });
  afterAll(async () => {
    await services.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('the planner processes an SQS batch and acknowledges every finished record', async () => {
    const first = await submitJob(
      { repositories: services.repositories, queue: noQueue },
      DEMO_USER_ID,
      {
        analysis_type: 'portfolio_analysis',
      },
    );
    const second = await submitJob(
      { repositories: services.repositories, queue: noQueue },
      DEMO_USER_ID,
      {
        analysis_type: 'portfolio_analysis',
        agents: ['reporter'],
      },
    );
    const event = parseJson(
      sqsEventText.replace('JOB_ID_1', first.id).replace('JOB_ID_2', second.id),
      z.unknown(),
    );
    const handler = createPlannerHandler(() => Promise.resolve(runtime));
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    const done = await services.repositories.jobs.get(DEMO_USER_ID, first.id);
    expect(done.status).toBe('completed');
    expect(reportPayloadSchema.parse(done.reportPayload).agent).toBe('reporter');
    const onlyReport = await services.repositories.jobs.get(DEMO_USER_ID, second.id);
    expect(onlyReport).toMatchObject({
      status: 'completed',
      chartsPayload: null,
      retirementPayload: null,
    });
  });

  it('reports a record whose job crashed as a batch item failure, so SQS retries it', async () => {
    const job = await submitJob(
      { repositories: services.repositories, queue: noQueue },
      DEMO_USER_ID,
      {
        analysis_type: 'portfolio_analysis',
      },
    );
    const crashing: LambdaRuntime = {
      ...runtime,
      jobs: {
        ...runtime.jobs,
        deps: {
          ...runtime.jobs.deps,
          refreshPrices: () =>
            Promise.reject(new UpstreamError('polygon', 'down hard', { status: 503 })),
        },
      },
    };
    const event = parseJson(sqsEventText, z.unknown());
    const records = (event as { Records: Array<{ body: string; messageId: string }> }).Records;
    const handler = createPlannerHandler(() => Promise.resolve(crashing));
    const response = await handler({
      Records: [{ ...records[0], body: JSON.stringify({ job_id: job.id }) }],
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: records[0]?.messageId }] });
    expect(await services.repositories.jobs.get(DEMO_USER_ID, job.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
  });

  it('a specialist function reads the snapshot and writes only its own payload', async () => {
    const job = await submitJob(
      { repositories: services.repositories, queue: noQueue },
      DEMO_USER_ID,
      {
        analysis_type: 'portfolio_analysis',
        agents: ['reporter'],
      },
    );
    await createPlannerHandler(() => Promise.resolve(runtime))({ job_id: job.id });
    const charter = createSpecialistHandler('charter', () => Promise.resolve(runtime));
    // A finished job takes no more payloads (a late invoke must not change it).
    await expect(charter({ job_id: job.id })).rejects.toThrowError(/is completed, not running/);
    // As when the planner has built the snapshot and invokes its specialists: the job is running.
    await services.repositories.jobs.requeue(job.id, ['completed']);
    await services.repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
    const outcome = await charter({ job_id: job.id });
    expect(outcome).toMatchObject({ agent: 'charter', status: 'completed', model: 'offline' });
    const updated = await services.repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(Object.keys(updated.chartsPayload ?? {}).length).toBeGreaterThanOrEqual(4);
    expect(updated.retirementPayload).toBeNull();
    await expect(charter({ job_id: 'not-a-uuid' })).rejects.toThrowError(/event\.job_id/);
  });

  it('the planner invokes specialist functions once each, without SDK retries, and records their failures', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand, { FunctionName: 'alex-reporter' }).resolves({
      StatusCode: 200,
      Payload: lambdaPayload(
        JSON.stringify({ agent: 'reporter', status: 'completed', elapsedMs: 5, model: 'offline' }),
      ),
    });
    lambda.on(InvokeCommand, { FunctionName: 'alex-charter' }).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: lambdaPayload('{"errorMessage":"Task timed out after 300.00 seconds"}'),
    });
    lambda
      .on(InvokeCommand, { FunctionName: 'alex-retirement' })
      .rejects(new Error('connect ETIMEDOUT'));
    const runner = createLambdaSpecialistRunner({
      functionNames: {
        reporter: 'alex-reporter',
        charter: 'alex-charter',
        retirement: 'alex-retirement',
      },
      timeoutMs: 1000,
      client: new LambdaClient({ region: 'us-east-1', maxAttempts: 1 }),
    });
    const snapshot = undefined as never;
    expect(await runner('reporter', 'job-1', snapshot)).toMatchObject({ status: 'completed' });
    expect(await runner('charter', 'job-1', snapshot)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Task timed out/) as string,
    });
    expect(await runner('retirement', 'job-1', snapshot)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/ETIMEDOUT/) as string,
    });
    const calls = lambda.commandCalls(InvokeCommand);
    expect(calls.map((call) => call.args[0].input.FunctionName)).toEqual([
      'alex-reporter',
      'alex-charter',
      'alex-retirement',
    ]);
    expect(new TextDecoder().decode(calls[0]?.args[0].input.Payload as Uint8Array)).toBe(
      '{"job_id":"job-1"}',
    );
    lambda.restore();
  });

  it('a throttled specialist invoke is repeated with backoff (it never ran), for at most a minute', async () => {
    const lambda = mockClient(LambdaClient);
    const throttled = () =>
      new TooManyRequestsException({
        $metadata: { httpStatusCode: 429 },
        message: 'Rate Exceeded.',
        Reason: 'ConcurrentInvocationLimitExceeded',
      });
    lambda
      .on(InvokeCommand, { FunctionName: 'alex-reporter' })
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({
        StatusCode: 200,
        Payload: lambdaPayload(
          JSON.stringify({
            agent: 'reporter',
            status: 'completed',
            elapsedMs: 5,
            model: 'offline',
          }),
        ),
      });
    lambda.on(InvokeCommand, { FunctionName: 'alex-charter' }).rejects(throttled());
    const waits: number[] = [];
    const runner = createLambdaSpecialistRunner({
      functionNames: {
        reporter: 'alex-reporter',
        charter: 'alex-charter',
        retirement: 'alex-retirement',
      },
      timeoutMs: 1000,
      client: new LambdaClient({ region: 'us-east-1', maxAttempts: 1 }),
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    const snapshot = undefined as never;

    expect(await runner('reporter', 'job-1', snapshot)).toMatchObject({ status: 'completed' });
    expect(waits).toEqual([1000, 2000]);

    waits.length = 0;
    expect(await runner('charter', 'job-1', snapshot)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Rate Exceeded/) as string,
    });
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(60_000);
    expect(waits.length).toBeGreaterThan(3);
    const charterCalls = lambda
      .commandCalls(InvokeCommand)
      .filter((call) => call.args[0].input.FunctionName === 'alex-charter');
    expect(charterCalls).toHaveLength(waits.length + 1);
    lambda.restore();
  });
});

/** A Lambda response payload as the SDK hands it over (bytes; the blob adapter's extra methods unused). */
function lambdaPayload(text: string): never {
  return new TextEncoder().encode(text) as never;
}
