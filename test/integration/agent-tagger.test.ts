// The Tagger through the real openai-compatible provider and the fake HTTP server, with the
// shipped reference data: success, a 429 then success, a repair, and the two ways a run fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentContext } from '../../src/agents/agent.ts';
import { createTagger } from '../../src/agents/tagger/index.ts';
import { loadConfig } from '../../src/config.ts';
import { UpstreamError } from '../../src/errors.ts';
import {
  createAttemptBudget,
  createModelRegistry,
  createUsageLedger,
  StructuredOutputError,
  type LlmAgentModel,
} from '../../src/llm/index.ts';
import { silentLogger } from '../../src/log.ts';
import { loadReferenceInstruments } from '../../src/store/reference/reference-instruments.ts';
import {
  fake,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../fakes/openai-compatible-server.ts';

const tagger = createTagger({ reference: loadReferenceInstruments() });
const REQUEST = {
  instruments: [
    { symbol: 'VTI' },
    { symbol: 'ACME', name: 'Acme Robotics Inc.', instrumentType: 'CS' },
  ],
};

let server: FakeOpenAiServer;
let model: LlmAgentModel;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  const config = loadConfig({
    ALEX_MODEL: 'openai-compatible:qwen3:8b',
    ALEX_LLM_BASE_URL: server.baseUrl,
    ALEX_LLM_API_KEY: 'local-key',
  });
  const resolved = createModelRegistry(config.llm).modelFor('tagger');
  if (resolved.kind !== 'llm') throw new Error('expected a configured model');
  model = resolved;
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  expect(server.remaining).toBe(0);
});

function context(budget = createAttemptBudget(10)): AgentContext {
  return {
    model,
    budget,
    ledger: createUsageLedger(),
    llmTimeoutMs: 5_000,
    logger: silentLogger(),
    now: () => new Date('2025-06-02T12:00:00Z'),
  };
}

function acmeAnswer(regions = [{ key: 'north_america', percent: 100 }]) {
  return {
    instruments: [
      {
        symbol: 'ACME',
        name: 'Acme Robotics Inc.',
        instrument_type: 'stock',
        asset_class: [{ key: 'equity', percent: 100 }],
        regions,
        sectors: [{ key: 'industrials', percent: 100 }],
        confidence: 'medium',
        note: 'Industrial robotics maker, inferred from the name.',
      },
    ],
  };
}

describe('tagger over HTTP', () => {
  it('classifies the unknown symbol with the model and the known one from the reference', async () => {
    server.script([fake.json(acmeAnswer(), { promptTokens: 400, completionTokens: 90 })]);
    const run = context();
    const result = await tagger.run(REQUEST, run);

    expect(result.model).toBe('openai-compatible:qwen3:8b');
    expect(result.usage).toMatchObject({ inputTokens: 400, outputTokens: 90 });
    expect(run.ledger?.total()).toMatchObject({ inputTokens: 400, outputTokens: 90 });
    expect(result.output).toEqual([
      expect.objectContaining({
        symbol: 'VTI',
        name: 'Vanguard Total Stock Market ETF',
        allocation_regions: { north_america: 100 },
        classification_source: 'reference',
      }),
      {
        symbol: 'ACME',
        name: 'Acme Robotics Inc.',
        instrument_type: 'stock',
        allocation_asset_class: { equity: 100 },
        allocation_regions: { north_america: 100 },
        allocation_sectors: { industrials: 100 },
        classification_source: 'llm:openai-compatible:qwen3:8b',
        confidence: 'medium',
        note: 'Industrial robotics maker, inferred from the name.',
      },
    ]);

    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]?.body;
    expect(body?.response_format?.type).toBe('json_schema');
    const sent = JSON.stringify(body?.messages);
    expect(sent).toContain('Acme Robotics Inc.');
    expect(sent).not.toContain('VTI');
  });

  it('retries after a 429 and then succeeds', async () => {
    server.script([fake.rateLimited('0'), fake.json(acmeAnswer())]);
    const result = await tagger.run(REQUEST, context());
    expect(result.output[1]?.allocation_sectors).toEqual({ industrials: 100 });
    expect(server.requests).toHaveLength(2);
  });

  it('sends an invalid answer back once with its problems and accepts the repair', async () => {
    server.script([
      fake.json(acmeAnswer([{ key: 'north_america', percent: 80 }])),
      fake.json(acmeAnswer()),
    ]);
    const result = await tagger.run(REQUEST, context());
    expect(result.output[1]?.allocation_regions).toEqual({ north_america: 100 });
    const repair = server.requests[1]?.body?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(repair.at(-1)?.content)).toContain(
      'ACME: regions percentages sum to 80, not 100',
    );
  });

  it('rejects with the problems when the repaired answer is invalid too', async () => {
    server.script([
      fake.json(acmeAnswer([{ key: 'north_america', percent: 80 }])),
      fake.json(acmeAnswer([{ key: 'north_america', percent: 120 }])),
    ]);
    const failure = await tagger.run(REQUEST, context()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StructuredOutputError);
    expect((failure as StructuredOutputError).model).toBe('openai-compatible:qwen3:8b');
    expect((failure as StructuredOutputError).message).toMatch(/regions\.0\.percent/);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects with the last HTTP error once the attempt budget is spent', async () => {
    server.script([fake.rateLimited('0'), fake.rateLimited('0')]);
    const failure = tagger.run(REQUEST, context(createAttemptBudget(2)));
    await expect(failure).rejects.toThrow(UpstreamError);
    await expect(failure).rejects.toThrow(/attempt budget exhausted.*HTTP 429/);
    expect(server.requests).toHaveLength(2);
  });
});
