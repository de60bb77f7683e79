// The fake OpenAI-compatible server with the real model registry pointed at it, for the tests
// that run an agent (or a single structured call) over HTTP, and the agent context they use.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { AgentContext, KnowledgeSearch } from '../../src/agents/agent.ts';
import { loadConfig } from '../../src/config.ts';
import type { AgentName } from '../../src/contracts/jobs.ts';
import {
  createAttemptBudget,
  createModelRegistry,
  createUsageLedger,
  type AgentModel,
  type AttemptBudget,
  type LlmAgentModel,
  type UsageLedger,
} from '../../src/llm/index.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-compatible-server.ts';

/** What the registry reports as the model of every run against the fake server. */
export const FAKE_MODEL_LABEL = 'openai-compatible:qwen3:8b';

export interface FakeModel {
  /** The running fake server (read it inside tests and hooks, not at module level). */
  readonly server: FakeOpenAiServer;
  /** The registry's model for the agent, talking to the fake server. */
  readonly model: LlmAgentModel;
}

/**
 * Registers the file's hooks: start the fake server and resolve `agent`'s model before all
 * tests, close the server after them, forget the recorded requests before each test, and
 * after each test check that it used up everything it scripted (so the failure is reported on
 * the test that under-used its script, the last one of the file included).
 */
export function useFakeModel(agent: AgentName): FakeModel {
  let started: { server: FakeOpenAiServer; model: LlmAgentModel } | undefined;
  const current = () => {
    if (!started) throw new Error('the fake model server has not started yet');
    return started;
  };

  beforeAll(async () => {
    const server = await startFakeOpenAiServer();
    const config = loadConfig({
      ALEX_MODEL: FAKE_MODEL_LABEL,
      ALEX_LLM_BASE_URL: server.baseUrl,
      ALEX_LLM_API_KEY: 'local-key',
    });
    const model = createModelRegistry(config.llm).modelFor(agent);
    if (model.kind !== 'llm') throw new Error('expected a configured model');
    started = { server, model };
  });

  afterAll(async () => {
    await started?.server.close();
  });

  beforeEach(() => {
    current().server.requests.length = 0;
  });

  afterEach(() => {
    const { server } = current();
    const unused = server.remaining;
    server.discardScript();
    expect(unused, 'scripted responses this test never used').toBe(0);
  });

  return {
    get server() {
      return current().server;
    },
    get model() {
      return current().model;
    },
  };
}

/** An agent run's context with a fixed clock, a budget of 10 attempts and a fresh ledger. */
export function fakeAgentContext(
  model: AgentModel,
  options: { budget?: AttemptBudget; ledger?: UsageLedger; knowledge?: KnowledgeSearch } = {},
): AgentContext {
  return {
    model,
    budget: options.budget ?? createAttemptBudget(10),
    ledger: options.ledger ?? createUsageLedger(),
    ...(options.knowledge ? { knowledge: options.knowledge } : {}),
    llmTimeoutMs: 5_000,
    logger: silentLogger(),
    now: () => new Date('2026-03-01T12:00:00.000Z'),
  };
}
