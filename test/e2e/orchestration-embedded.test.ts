// The job orchestration end to end on the embedded database: the real CLI (`alex analyze`,
// `alex worker`) as child processes on one on-disk data directory, the three specialists
// writing through the fake OpenAI-compatible server (one model name each, so their concurrent
// requests are scripted apart), the tagger and planner on a fake model they never need to call.
// Covered: a full analysis, one specialist failing (partial), a duplicate delivery processed
// once, and a worker killed mid-job and restarted (the job finishes, nothing lost).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  summaryPayloadSchema,
} from '../../src/contracts/payloads.ts';
import { chartTotalMatches } from '../../src/core/index.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import { createJobRuntime } from '../../src/entry/job-runtime.ts';
import { startWorker } from '../../src/entry/worker.ts';
import { handleJobMessage, submitJob, type MessageOutcome } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/log.ts';
import { parseJson } from '../../src/parse-json.ts';
import { deferred, within } from '../../src/queue/job-queue.contract.ts';
import { DEMO_USER_ID } from '../../src/store/seeds/demo-portfolio.ts';
import {
  fake,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
  type RecordedRequest,
} from '../fakes/openai-compatible-server.ts';
import {
  CHART_SELECTION,
  DEMO_TOTAL_USD,
  REPORT_MARKDOWN,
  withoutXraySection,
  RETIREMENT_NARRATIVE,
} from '../helpers/specialist-answers.ts';
import { runAlex, startAlex, type LogLine } from '../helpers/worker-process.ts';

const MODELS = {
  default: 'fake-model',
  reporter: 'fake-reporter',
  charter: 'fake-charter',
  retirement: 'fake-retirement',
} as const;

const jobJsonSchema = z
  .object({
    id: z.uuid(),
    status: z.string(),
    error: z.string().nullable(),
    attempts: z.number(),
    report_payload: reportPayloadSchema.nullable(),
    charts_payload: chartsPayloadSchema.nullable(),
    retirement_payload: retirementPayloadSchema.nullable(),
    summary_payload: summaryPayloadSchema.nullable(),
  })
  .loose();

let directory: string;
let server: FakeOpenAiServer;
/** Called with every request the fake server receives (the kill test waits on it). */
let requestListener: ((request: RecordedRequest) => void) | undefined;

function environment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ALEX_DATA_DIR: join(directory, 'data'),
    ALEX_MODEL: `openai-compatible:${MODELS.default}`,
    ALEX_MODEL_REPORTER: `openai-compatible:${MODELS.reporter}`,
    ALEX_MODEL_CHARTER: `openai-compatible:${MODELS.charter}`,
    ALEX_MODEL_RETIREMENT: `openai-compatible:${MODELS.retirement}`,
    ALEX_LLM_BASE_URL: server.baseUrl,
    ALEX_LLM_API_KEY: 'local-key',
    ...extra,
  };
}

function modelsAsked(): string[] {
  return server.requests.map((request) => request.body?.model ?? request.path).sort();
}

/** Opens the data directory in this process; only while no CLI process has it open. */
async function openServices(extra: Record<string, string> = {}): Promise<Services> {
  return createServices(loadConfig(environment(extra)), { logger: silentLogger() });
}

async function withServices<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const services = await openServices();
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

beforeAll(async () => {
  // One data directory for the file: creating the embedded database is the slow part.
  directory = mkdtempSync(join(tmpdir(), 'alex-orchestration-'));
  server = await startFakeOpenAiServer({ onRequest: (request) => requestListener?.(request) });
});

afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(() => {
  server.requests.length = 0;
  requestListener = undefined;
  expect(server.remaining).toBe(0);
});

describe('orchestration on the embedded database', () => {
  it('analyses the demo portfolio through the CLI with every specialist writing through the model server', async () => {
    server.scriptFor(MODELS.reporter, [fake.json({ markdown: REPORT_MARKDOWN })]);
    server.scriptFor(MODELS.charter, [fake.json(CHART_SELECTION)]);
    server.scriptFor(MODELS.retirement, [fake.json(RETIREMENT_NARRATIVE)]);

    const run = await runAlex(['analyze', '--demo', '--json'], {
      cwd: directory,
      env: environment(),
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const job = parseJson(run.stdout, jobJsonSchema, 'analyze output');

    expect(job).toMatchObject({ status: 'completed', error: null, attempts: 1 });
    // The tagger (all symbols are reference data) and the planner (no free-text request) never
    // needed the model; each specialist asked its own model exactly once.
    expect(modelsAsked()).toEqual([MODELS.charter, MODELS.reporter, MODELS.retirement]);
    expect(server.remaining).toBe(0);

    expect(withoutXraySection(job.report_payload?.content ?? '')).toBe(REPORT_MARKDOWN);
    expect(job.report_payload?.content).toContain('## X-ray');
    expect(job.report_payload).toMatchObject({
      model: `openai-compatible:${MODELS.reporter}`,
      fact_check: { mismatches: [], repaired: false },
    });
    // The model's one figure, and the figures of the X-ray section code wrote, all checked.
    expect(job.report_payload?.fact_check.figures).toBeGreaterThan(1);
    const charts = job.charts_payload ?? {};
    // A jsonb column keeps the keys, not their order.
    expect(Object.keys(charts).sort()).toEqual(
      CHART_SELECTION.charts.map((chart) => chart.key).sort(),
    );
    expect(charts['asset_class_allocation']).toMatchObject({ total: DEMO_TOTAL_USD });
    expect(Object.values(charts).every(chartTotalMatches)).toBe(true);
    expect(job.retirement_payload?.model).toBe(`openai-compatible:${MODELS.retirement}`);
    expect(job.retirement_payload?.analysis).toContain(RETIREMENT_NARRATIVE.readiness);
    expect(job.summary_payload).toMatchObject({
      status: 'completed',
      status_by_agent: {
        planner: 'completed',
        tagger: 'completed',
        reporter: 'completed',
        charter: 'completed',
        retirement: 'completed',
      },
      totals: { total_value_usd: DEMO_TOTAL_USD, positions: 12 },
      // The fake server's default usage: 12 prompt and 8 completion tokens per request.
      usage: { input_tokens: 36, output_tokens: 24 },
    });
  }, 120_000);

  it('finishes as partial when the charter’s answers stay invalid, keeping the other results', async () => {
    const tooFew = { charts: CHART_SELECTION.charts.slice(0, 2) };
    server.scriptFor(MODELS.reporter, [fake.json({ markdown: REPORT_MARKDOWN })]);
    server.scriptFor(MODELS.charter, [fake.json(tooFew), fake.json(tooFew)]);
    server.scriptFor(MODELS.retirement, [fake.json(RETIREMENT_NARRATIVE)]);

    const run = await runAlex(['analyze', '--demo', '--json'], {
      cwd: directory,
      env: environment(),
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const job = parseJson(run.stdout, jobJsonSchema, 'analyze output');

    expect(job.status).toBe('partial');
    expect(job.error).toMatch(/^charter: .*still invalid after 1 repair round/);
    expect(job.error).not.toMatch(/reporter|retirement/);
    expect(job.charts_payload).toBeNull();
    expect(withoutXraySection(job.report_payload?.content ?? '')).toBe(REPORT_MARKDOWN);
    expect(job.retirement_payload?.model).toBe(`openai-compatible:${MODELS.retirement}`);
    expect(job.summary_payload?.status_by_agent).toMatchObject({
      reporter: 'completed',
      charter: 'failed',
      retirement: 'completed',
    });
    // The answer and its one repair round; an invalid answer is not retried as an outage.
    expect(modelsAsked()).toEqual([
      MODELS.charter,
      MODELS.charter,
      MODELS.reporter,
      MODELS.retirement,
    ]);
  }, 120_000);

  it('processes a job once when its message is delivered again while it runs and after it finished', async () => {
    server.scriptFor(MODELS.reporter, [fake.json({ markdown: REPORT_MARKDOWN })]);
    server.scriptFor(MODELS.charter, [fake.json(CHART_SELECTION)]);
    server.scriptFor(MODELS.retirement, [fake.json(RETIREMENT_NARRATIVE)]);
    const services = await openServices();
    try {
      const duplicates: Promise<MessageOutcome>[] = [];
      const finished = deferred();
      let jobId = '';
      const runtime = await createJobRuntime(services, {
        onProgress: (event) => {
          // A second delivery of the same message while the first is mid-job, as a queue
          // with at-least-once delivery may make.
          if (event.type === 'agent-started' && event.agent === 'reporter') {
            duplicates.push(handleJobMessage(runtime.deps, { job_id: event.jobId }));
          }
          if (event.type === 'job-finished' && event.jobId === jobId) finished.resolve();
        },
      });
      const worker = await startWorker(services, runtime, { concurrency: 2 });
      try {
        const job = await submitJob(
          { repositories: services.repositories, queue: runtime.queue },
          DEMO_USER_ID,
          { analysis_type: 'portfolio_analysis' },
        );
        jobId = job.id;
        await within(finished.promise, 30_000, 'the job to finish');
        // The queue is told again, and the message is handled again, after the job finished.
        await runtime.queue.send(job.id);
        const late = await handleJobMessage(runtime.deps, { job_id: job.id });

        expect(await Promise.all(duplicates)).toEqual([
          { kind: 'duplicate', jobId: job.id, status: 'running' },
        ]);
        expect(late).toEqual({ kind: 'duplicate', jobId: job.id, status: 'completed' });
      } finally {
        await worker.stop();
      }
      const [job] = await services.repositories.jobs.list(DEMO_USER_ID, { limit: 1 });
      expect(job).toMatchObject({ id: jobId, status: 'completed', attempts: 1 });
      const runs = await services.repositories.agentRuns.list(jobId);
      expect(runs.map((run) => run.agent).sort()).toEqual([
        'charter',
        'planner',
        'reporter',
        'retirement',
        'tagger',
      ]);
      expect(runs.every((run) => run.status === 'succeeded')).toBe(true);
      expect(modelsAsked()).toEqual([MODELS.charter, MODELS.reporter, MODELS.retirement]);
    } finally {
      await services.close();
    }
  }, 60_000);

  it('finishes a job whose worker was killed mid-job once a new worker starts, losing nothing', async () => {
    const jobId = await withServices(async (services) => {
      // Nothing consumes this queue: the job waits in the table for the worker process.
      const job = await submitJob(
        { repositories: services.repositories, queue: { send: () => Promise.resolve() } },
        DEMO_USER_ID,
        { analysis_type: 'portfolio_analysis' },
      );
      return job.id;
    });
    // The first worker's three specialist requests hang; the second worker's are answered.
    server.scriptFor(MODELS.reporter, [fake.hang(), fake.json({ markdown: REPORT_MARKDOWN })]);
    server.scriptFor(MODELS.charter, [fake.hang(), fake.json(CHART_SELECTION)]);
    server.scriptFor(MODELS.retirement, [fake.hang(), fake.json(RETIREMENT_NARRATIVE)]);
    const specialistsWaiting = deferred();
    requestListener = () => {
      if (server.requests.length === 3) specialistsWaiting.resolve();
    };
    const workerEnv = environment({ ALEX_LOG_LEVEL: 'info', ALEX_LLM_TIMEOUT_MS: '120000' });

    const first = startAlex(['worker', '--concurrency', '1'], { cwd: directory, env: workerEnv });
    try {
      await within(specialistsWaiting.promise, 60_000, 'the three specialists to call the model');
      expect(first.logs.some(isJobFinish(jobId))).toBe(false);
    } finally {
      expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    }

    const second = startAlex(['worker', '--concurrency', '1'], { cwd: directory, env: workerEnv });
    let finish: LogLine;
    try {
      finish = await second.waitForLog(isJobFinish(jobId), 'the job to finish', 60_000);
    } finally {
      expect((await second.stop('SIGTERM')).code).toBe(0);
    }
    expect(finish).toMatchObject({ status: 'completed' });
    // The restarted worker found the job still marked running and put it back in the queue.
    expect(second.logs.find((line) => line['event'] === 'job-reap')).toMatchObject({
      requeued: [jobId],
    });
    expect(server.remaining).toBe(0);

    await withServices(async (services) => {
      const job = await services.repositories.jobs.get(DEMO_USER_ID, jobId);
      expect(job).toMatchObject({ status: 'completed', attempts: 2, error: null });
      expect(withoutXraySection(reportPayloadSchema.parse(job.reportPayload).content)).toBe(
        REPORT_MARKDOWN,
      );
      expect(Object.keys(chartsPayloadSchema.parse(job.chartsPayload))).toHaveLength(4);
      expect(retirementPayloadSchema.parse(job.retirementPayload).model).toBe(
        `openai-compatible:${MODELS.retirement}`,
      );
      const runs = await services.repositories.agentRuns.list(jobId);
      const attemptsOf = (agent: string) =>
        runs
          .filter((run) => run.agent === agent)
          .map((run) => [run.attempt, run.status])
          .sort();
      // The snapshot of the first attempt was kept: the tagger ran once. The planner and each
      // specialist ran again; the killed attempt's runs were closed as failed when the job was
      // claimed again.
      expect(attemptsOf('tagger')).toEqual([[1, 'succeeded']]);
      for (const agent of ['planner']) {
        expect(attemptsOf(agent)).toEqual([
          [1, 'succeeded'],
          [2, 'succeeded'],
        ]);
      }
      for (const agent of ['reporter', 'charter', 'retirement']) {
        expect(attemptsOf(agent)).toEqual([
          [1, 'failed'],
          [2, 'succeeded'],
        ]);
        expect(runs.find((run) => run.agent === agent && run.attempt === 1)?.error).toBe(
          'worker lost during attempt 1',
        );
      }
    });
  }, 180_000);
});

function isJobFinish(jobId: string) {
  return (line: LogLine) => line['event'] === 'job-finish' && line['jobId'] === jobId;
}
