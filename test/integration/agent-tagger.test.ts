// The Tagger through the real openai-compatible provider and the fake HTTP server, with the
// shipped reference data: success, a 429 then success, a repair, and the two ways a run fails.
import { describe, expect, it } from 'vitest';
import { createTagger } from '../../src/agents/tagger/index.ts';
import { UpstreamError } from '../../src/errors.ts';
import { createAttemptBudget, StructuredOutputError } from '../../src/llm/index.ts';
import { loadReferenceInstruments } from '../../src/store/reference/reference-instruments.ts';
import { fake } from '../fakes/openai-compatible-server.ts';
import { fakeAgentContext, useFakeModel } from '../helpers/fake-model.ts';

const tagger = createTagger({ reference: loadReferenceInstruments() });
const REQUEST = {
  instruments: [
    { symbol: 'VTI' },
    { symbol: 'ACME', name: 'Acme Robotics Inc.', instrumentType: 'CS' },
  ],
};

const llm = useFakeModel('tagger');

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
    llm.server.script([fake.json(acmeAnswer(), { promptTokens: 400, completionTokens: 90 })]);
    const run = fakeAgentContext(llm.model);
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

    expect(llm.server.requests).toHaveLength(1);
    const body = llm.server.requests[0]?.body;
    expect(body?.response_format?.type).toBe('json_schema');
    const sent = JSON.stringify(body?.messages);
    expect(sent).toContain('Acme Robotics Inc.');
    expect(sent).not.toContain('VTI');
  });

  it('retries after a 429 and then succeeds', async () => {
    llm.server.script([fake.rateLimited('0'), fake.json(acmeAnswer())]);
    const result = await tagger.run(REQUEST, fakeAgentContext(llm.model));
    expect(result.output[1]?.allocation_sectors).toEqual({ industrials: 100 });
    expect(llm.server.requests).toHaveLength(2);
  });

  it('sends an invalid answer back once with its problems and accepts the repair', async () => {
    llm.server.script([
      fake.json(acmeAnswer([{ key: 'north_america', percent: 80 }])),
      fake.json(acmeAnswer()),
    ]);
    const result = await tagger.run(REQUEST, fakeAgentContext(llm.model));
    expect(result.output[1]?.allocation_regions).toEqual({ north_america: 100 });
    const repair = llm.server.requests[1]?.body?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(repair.at(-1)?.content)).toContain(
      'ACME: regions percentages sum to 80, not 100',
    );
  });

  it('rejects with the problems when the repaired answer is invalid too', async () => {
    llm.server.script([
      fake.json(acmeAnswer([{ key: 'north_america', percent: 80 }])),
      fake.json(acmeAnswer([{ key: 'north_america', percent: 120 }])),
    ]);
    const failure = await tagger
      .run(REQUEST, fakeAgentContext(llm.model))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StructuredOutputError);
    expect((failure as StructuredOutputError).model).toBe('openai-compatible:qwen3:8b');
    expect((failure as StructuredOutputError).message).toMatch(/regions\.0\.percent/);
    expect(llm.server.requests).toHaveLength(2);
  });

  it('rejects with the last HTTP error once the attempt budget is spent', async () => {
    llm.server.script([fake.rateLimited('0'), fake.rateLimited('0')]);
    const failure = tagger.run(
      REQUEST,
      fakeAgentContext(llm.model, { budget: createAttemptBudget(2) }),
    );
    await expect(failure).rejects.toThrow(UpstreamError);
    await expect(failure).rejects.toThrow(/attempt budget exhausted.*HTTP 429/);
    expect(llm.server.requests).toHaveLength(2);
  });
});
