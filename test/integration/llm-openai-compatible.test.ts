// The real `@ai-sdk/openai-compatible` provider, resolved through our registry, talking HTTP to
// the fake server: success, each retryable failure, malformed bodies, repair and the budget.
import { tool } from 'ai';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelOutputError, TimeoutError, UpstreamError } from '../../src/errors.ts';
import {
  createAttemptBudget,
  generateStructured,
  type StructuredRequest,
} from '../../src/llm/index.ts';
import { fake } from '../fakes/openai-compatible-server.ts';
import { useFakeModel } from '../helpers/fake-model.ts';

const tagSchema = z.object({
  symbol: z.string(),
  assetClass: z.enum(['equity', 'fixed_income', 'cash']),
});
type Tag = z.infer<typeof tagSchema>;

const llm = useFakeModel('tagger');
let waitsMs: number[];

beforeEach(() => {
  waitsMs = [];
});

function tagRequest(overrides: Partial<StructuredRequest<Tag>> = {}): StructuredRequest<Tag> {
  return {
    model: llm.model,
    system: 'Classify the instrument.',
    prompt: 'Symbol: BND',
    schema: tagSchema,
    schemaName: 'instrument_tag',
    timeoutMs: 5000,
    budget: createAttemptBudget(10),
    retryDependencies: {
      random: () => 0.5,
      sleep: (delayMs) => {
        waitsMs.push(delayMs);
        return Promise.resolve();
      },
    },
    ...overrides,
  };
}

describe('openai-compatible provider over HTTP', () => {
  it('returns the structured answer and records usage from the response', async () => {
    llm.server.script([
      fake.json(
        { symbol: 'BND', assetClass: 'fixed_income' },
        { promptTokens: 91, completionTokens: 17 },
      ),
    ]);
    const result = await generateStructured(tagRequest());
    expect(result.value).toEqual({ symbol: 'BND', assetClass: 'fixed_income' });
    expect(result.model).toBe('openai-compatible:qwen3:8b');
    // Self-hosted models have no list price: tokens are counted, cost is marked unpriced.
    expect(result.usage).toEqual({ inputTokens: 91, outputTokens: 17, costUsd: 0, priced: false });
    expect(result.calls).toBe(1);

    const sent = llm.server.requests[0];
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.authorization).toBe('Bearer local-key');
    expect(sent?.body?.model).toBe('qwen3:8b');
    expect(sent?.body?.response_format?.type).toBe('json_schema');
    expect(sent?.body?.messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('runs a tool the model calls, then returns its structured answer', async () => {
    llm.server.script([
      fake.toolCall('lookupFund', { symbol: 'BND' }),
      fake.json({ symbol: 'BND', assetClass: 'fixed_income' }),
    ]);
    const looked: string[] = [];
    const result = await generateStructured(
      tagRequest({
        tools: {
          lookupFund: tool({
            description: 'Fund facts by symbol',
            inputSchema: z.object({ symbol: z.string() }),
            execute: ({ symbol }) => {
              looked.push(symbol);
              return Promise.resolve({ name: 'Vanguard Total Bond Market ETF' });
            },
          }),
        },
      }),
    );
    expect(looked).toEqual(['BND']);
    expect(result.value.assetClass).toBe('fixed_income');
    expect(result.calls).toBe(2);
    expect(llm.server.requests[0]?.body?.tools?.map((entry) => entry.function.name)).toEqual([
      'lookupFund',
    ]);
    const second = llm.server.requests[1]?.body?.messages ?? [];
    expect(second.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(JSON.stringify(second.at(-1)?.content)).toContain('Total Bond Market');
  });

  it('waits for Retry-After after a 429, then succeeds', async () => {
    llm.server.script([
      fake.rateLimited('3'),
      fake.json({ symbol: 'BND', assetClass: 'fixed_income' }),
    ]);
    const result = await generateStructured(tagRequest());
    expect(result.value.assetClass).toBe('fixed_income');
    expect(waitsMs).toEqual([3000]);
    expect(llm.server.requests).toHaveLength(2);
    expect(result.calls).toBe(2);
  });

  it('backs off after a 500, then succeeds', async () => {
    llm.server.script([fake.serverError(500), fake.json({ symbol: 'VTI', assetClass: 'equity' })]);
    const result = await generateStructured(tagRequest());
    expect(result.value).toEqual({ symbol: 'VTI', assetClass: 'equity' });
    // First retry: full jitter below a 1 s ceiling, with random() = 0.5.
    expect(waitsMs).toEqual([500]);
  });

  it('times out a request that hangs and retries it', async () => {
    llm.server.script([fake.hang(), fake.json({ symbol: 'VTI', assetClass: 'equity' })]);
    const result = await generateStructured(tagRequest({ timeoutMs: 300 }));
    expect(result.value.symbol).toBe('VTI');
    expect(llm.server.requests).toHaveLength(2);
    expect(waitsMs).toEqual([500]);
  });

  it('reports TimeoutError when every attempt hangs', async () => {
    llm.server.script([fake.hang(), fake.hang(), fake.hang(), fake.hang()]);
    const failure = generateStructured(tagRequest({ timeoutMs: 100 }));
    await expect(failure).rejects.toBeInstanceOf(TimeoutError);
    expect(llm.server.requests).toHaveLength(4);
  });

  it('fails at once on a malformed response body, naming the problem', async () => {
    llm.server.script([fake.malformedJson()]);
    const failure = await generateStructured(tagRequest()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ status: 200, retryable: false });
    expect((failure as UpstreamError).message).toMatch(/Invalid JSON response/);
    expect(llm.server.requests).toHaveLength(1);
  });

  it('repairs an answer that breaks the schema', async () => {
    llm.server.script([
      fake.json({ symbol: 'BND', assetClass: 'bonds' }),
      fake.json({ symbol: 'BND', assetClass: 'fixed_income' }),
    ]);
    const result = await generateStructured(tagRequest());
    expect(result.repaired).toBe(true);
    expect(result.value.assetClass).toBe('fixed_income');
    const repair = llm.server.requests[1]?.body?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(repair.at(-1)?.content)).toContain('answer.assetClass');
  });

  it('fails with ModelOutputError when the repair is invalid too', async () => {
    llm.server.script([fake.text('I think it is a bond fund.'), fake.json({ symbol: 'BND' })]);
    const failure = await generateStructured(tagRequest()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelOutputError);
    expect(failure).toMatchObject({
      model: 'openai-compatible:qwen3:8b',
      rawText: '{"symbol":"BND"}',
      usage: { inputTokens: 24, outputTokens: 16 },
    });
    expect((failure as ModelOutputError).message).toMatch(/answer\.assetClass/);
  });

  it('fails with the budget as the reason once the job has spent its attempts', async () => {
    llm.server.script([fake.serverError(503), fake.serverError(503)]);
    const failure = generateStructured(tagRequest({ budget: createAttemptBudget(2) }));
    await expect(failure).rejects.toThrow(/attempt budget exhausted.*HTTP 503/);
    expect(llm.server.requests).toHaveLength(2);
  });
});
