// The spend ceiling over a real socket: a job on the embedded database whose Charter talks to
// the fake OpenAI-compatible server through the real provider. The server reports large usage;
// the job must stop at the ceiling before its next request, fail at once with the reason and
// what was spent, and a later attempt of the same job must start from that spend.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHARTER_MAX_OUTPUT_TOKENS } from '../../src/agents/charter/charter.ts';
import { loadConfig } from '../../src/config.ts';
import {
  DEFAULT_JOB_SETTINGS,
  handleJobMessage,
  retryJob,
  submitJob,
} from '../../src/jobs/index.ts';
import { createModelRegistry } from '../../src/llm/index.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';
import {
  fake,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../fakes/openai-compatible-server.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createTestJobDeps } from '../helpers/job-deps.ts';

const CHARTER_MODEL = 'fake-charter';
const CEILING = { maxTokens: 50_000, maxCostUsd: 5 };

/** Four of the demo's computed chart datasets: a valid answer, should the Charter get to ask. */
const CHART_SELECTION = {
  charts: [
    { key: 'asset_class_allocation', title: 'What your money is in', description: 'Stocks.' },
    { key: 'top_holdings', title: 'Biggest holdings', description: 'Broad funds lead.' },
    { key: 'region_allocation', title: 'Where in the world', description: 'Mostly at home.' },
    { key: 'account_values', title: 'By account', description: 'Three accounts.' },
  ],
};

let server: FakeOpenAiServer;
let database: TestDatabase;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});

afterAll(async () => {
  await server.close();
});

// Creating the database is the slow part on a loaded machine: give it room.
beforeEach(async () => {
  database = await createPgliteTestDatabase();
  server.requests.length = 0;
}, 120_000);

afterEach(async () => {
  await database.close();
});

function jobDeps() {
  const config = loadConfig({
    ALEX_MODEL: 'offline',
    ALEX_MODEL_CHARTER: `openai-compatible:${CHARTER_MODEL}`,
    ALEX_LLM_BASE_URL: server.baseUrl,
    ALEX_LLM_API_KEY: 'local-key',
  });
  return createTestJobDeps(database, {
    models: createModelRegistry(config.llm),
    settings: { ...DEFAULT_JOB_SETTINGS, specialistTimeoutMs: 30_000, spendCeiling: CEILING },
  });
}

/** Sends nothing: the test delivers the job's message itself. */
const idleQueue = { send: () => Promise.resolve() };

describe('the per-job spend ceiling', () => {
  it('stops a job at its token ceiling before the next request and fails it with the spend', async () => {
    const { deps, repositories } = jobDeps();
    await seedDemoPortfolio(repositories);
    // The first answer has too few charts (a repair round would follow) and reports 60,000
    // tokens, past the 50,000 ceiling: the repair request must never be sent.
    server.scriptFor(CHARTER_MODEL, [
      fake.json({ charts: [] }, { promptTokens: 45_000, completionTokens: 15_000 }),
      fake.json(CHART_SELECTION),
    ]);
    const job = await submitJob({ repositories, queue: idleQueue }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
      agents: ['charter'],
    });

    // Not retryable: the job fails on this delivery and the message is acknowledged.
    expect(await handleJobMessage(deps, { job_id: job.id })).toEqual({
      kind: 'processed',
      jobId: job.id,
      status: 'failed',
    });

    expect(server.requests).toHaveLength(1);
    expect(server.remaining).toBe(1);
    // The request carried the Charter's own output limit.
    expect(server.requests[0]?.body?.['max_tokens']).toBe(CHARTER_MAX_OUTPUT_TOKENS);

    const failed = await repositories.jobs.get(DEMO_USER_ID, job.id);
    // Failed on its first attempt: another attempt could only fail the same way.
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.error).toMatch(
      /^attempt 1 of 3: job spend ceiling reached: spent 60,000 tokens \(45,000 in, 15,000 out; ceiling ALEX_MAX_JOB_TOKENS=50,000\)/,
    );
    expect(await repositories.jobSpend.get(job.id)).toEqual({
      inputTokens: 45_000,
      outputTokens: 15_000,
      costUsd: 0,
      priced: false,
    });
    const charter = (await repositories.agentRuns.list(job.id)).filter(
      (run) => run.agent === 'charter',
    );
    expect(charter).toMatchObject([
      { status: 'failed', inputTokens: 45_000, outputTokens: 15_000 },
    ]);
    expect(charter[0]?.error).toContain('job spend ceiling reached');

    // A retry of the same job starts from what it spent: it makes no request at all.
    await retryJob({ repositories, queue: idleQueue }, DEMO_USER_ID, job.id);
    // Not retryable: the job fails on this delivery and the message is acknowledged.
    expect(await handleJobMessage(deps, { job_id: job.id })).toEqual({
      kind: 'processed',
      jobId: job.id,
      status: 'failed',
    });
    expect(server.requests).toHaveLength(1);
    const again = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(again.status).toBe('failed');
    expect(again.error).toContain('spent 60,000 tokens');
  }, 120_000);
});
