// A model server that never answers, over a real socket: the request must end when the agent's
// time (cut to what is left of the job) runs out, not after the much longer per-request
// timeout, and an agent must not start at all once the job's time is spent.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { TimeoutError } from '../../src/errors.ts';
import { DEFAULT_JOB_SETTINGS, type JobDeps } from '../../src/jobs/index.ts';
import { runRecordedAgent } from '../../src/jobs/run-agent.ts';
import { DEADLINE_MARGIN_MS } from '../../src/jobs/settings.ts';
import { createAttemptBudget, createModelRegistry } from '../../src/llm/index.ts';
import type { Repositories } from '../../src/store/repositories/index.ts';
import {
  fake,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../fakes/openai-compatible-server.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createTestJobDeps } from '../helpers/job-deps.ts';

const TAGGER_MODEL = 'fake-tagger';
// Far longer than any test may take: only the job's time can end a hung request here.
const TEN_MINUTES_MS = 600_000;
const UNKNOWN_FUND = { instruments: [{ symbol: 'ZZZQ', name: 'Zeta Quantum Fund' }] };

let server: FakeOpenAiServer;
let database: TestDatabase;
let deps: JobDeps;
let repositories: Repositories;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});

afterAll(async () => {
  await server.close();
});

// Creating the database is the slow part on a loaded machine: give it room.
beforeEach(async () => {
  database = await createPgliteTestDatabase();
  const config = loadConfig({
    ALEX_MODEL: 'offline',
    ALEX_MODEL_TAGGER: `openai-compatible:${TAGGER_MODEL}`,
    ALEX_LLM_BASE_URL: server.baseUrl,
    ALEX_LLM_API_KEY: 'local-key',
  });
  ({ deps, repositories } = createTestJobDeps(database, {
    models: createModelRegistry(config.llm),
    // The job's time must pass for real here, so the clock is the real one.
    now: () => new Date(),
    settings: {
      ...DEFAULT_JOB_SETTINGS,
      llmTimeoutMs: TEN_MINUTES_MS,
      specialistTimeoutMs: TEN_MINUTES_MS,
      jobDeadlineMs: TEN_MINUTES_MS,
    },
  }));
  server.requests.length = 0;
}, 120_000);

afterEach(async () => {
  await database.close();
});

async function newJobId(): Promise<string> {
  const user = await repositories.users.create({
    displayName: 'Ada',
    yearsUntilRetirement: 25,
    targetRetirementIncomeUsd: 100_000,
  });
  const job = await repositories.jobs.create(user.id, { analysis_type: 'portfolio_analysis' });
  return job.id;
}

describe('a model server that never answers', () => {
  it('has its request aborted when the job runs out of time, not at the request timeout', async () => {
    const jobId = await newJobId();
    server.scriptFor(TAGGER_MODEL, [fake.hang()]);

    const run = runRecordedAgent(deps, deps.agents.tagger, UNKNOWN_FUND, {
      jobId,
      budget: createAttemptBudget(5),
      timeoutMs: TEN_MINUTES_MS,
      // Two seconds of the job's time left once the margin for finishing the job is kept.
      deadlineAt: new Date(Date.now() + DEADLINE_MARGIN_MS + 2_000).toISOString(),
    });

    await expect(run).rejects.toBeInstanceOf(TimeoutError);
    await expect(run).rejects.toThrowError(
      /^tagger agent \(cut short by the job's deadline\) timed out after \d+ ms$/,
    );
    // The client gave the hung connection up; nothing is left waiting on the server.
    await server.hangsClosed();
    expect(server.openHangs).toBe(0);
    expect(server.requests.length).toBeLessThanOrEqual(1);
    expect(await repositories.agentRuns.list(jobId)).toMatchObject([
      { agent: 'tagger', status: 'failed', error: expect.stringMatching(/timed out/) as string },
    ]);
  });

  it('starts no agent and sends no request once the job has no time left', async () => {
    const jobId = await newJobId();
    const run = runRecordedAgent(deps, deps.agents.tagger, UNKNOWN_FUND, {
      jobId,
      budget: createAttemptBudget(5),
      timeoutMs: TEN_MINUTES_MS,
      deadlineAt: new Date(Date.now() + DEADLINE_MARGIN_MS - 1).toISOString(),
    });

    await expect(run).rejects.toBeInstanceOf(TimeoutError);
    await expect(run).rejects.toThrowError(/no time left to start another agent/);
    expect(server.requests).toHaveLength(0);
    expect(await repositories.agentRuns.list(jobId)).toEqual([]);
  });
});
