import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelOutputError, TimeoutError } from '../errors.ts';
import { createAttemptBudget } from './attempt-budget.ts';
import { generateStructured, StructuredOutputError } from './generate-structured.ts';
import type { RetryDependencies } from './retry.ts';
import {
  apiCallError,
  reply,
  scriptedModel,
  type ScriptedReply,
} from './testing/scripted-model.ts';
import { createUsageLedger } from './usage.ts';

const allocationSchema = z.object({
  equityPct: z.number().min(0).max(100),
  bondPct: z.number().min(0).max(100),
});
const sumsToHundred = (value: z.infer<typeof allocationSchema>) =>
  value.equityPct + value.bondPct === 100 ? [] : ['equityPct + bondPct must be 100'];

const noWaiting: Partial<RetryDependencies> = {
  sleep: () => Promise.resolve(),
  random: () => 0,
};

function request(replies: ScriptedReply[], label = 'bedrock:us.amazon.nova-pro-v1:0') {
  const model = scriptedModel(replies, { label });
  return {
    model,
    call: {
      model,
      system: 'You allocate portfolios.',
      prompt: 'Split 60/40.',
      schema: allocationSchema,
      validate: sumsToHundred,
      timeoutMs: 1000,
      budget: createAttemptBudget(10),
      retryDependencies: noWaiting,
    },
  };
}

describe('generateStructured', () => {
  it('returns the parsed value with usage priced from the table', async () => {
    const { model, call } = request([
      reply.json({ equityPct: 60, bondPct: 40 }, { inputTokens: 1000, outputTokens: 100 }),
    ]);
    const result = await generateStructured(call);
    expect(result).toEqual({
      value: { equityPct: 60, bondPct: 40 },
      // 1000 × $0.80/M + 100 × $3.20/M
      usage: { inputTokens: 1000, outputTokens: 100, costUsd: 0.00112, priced: true },
      model: 'bedrock:us.amazon.nova-pro-v1:0',
      repaired: false,
      calls: 1,
    });
    expect(model.calls[0]?.responseFormat).toBe('json');
    model.assertAllConsumed();
  });

  it('repairs a domain problem once, sending the problem and the rejected answer back', async () => {
    const { model, call } = request([
      reply.json({ equityPct: 60, bondPct: 30 }),
      reply.json({ equityPct: 60, bondPct: 40 }),
    ]);
    const result = await generateStructured(call);
    expect(result.value).toEqual({ equityPct: 60, bondPct: 40 });
    expect(result.repaired).toBe(true);
    expect(result.calls).toBe(2);
    expect(result.usage.inputTokens).toBe(20);
    const repairPrompt = model.calls[1]?.promptText ?? '';
    expect(repairPrompt).toContain('{"equityPct":60,"bondPct":30}');
    expect(repairPrompt).toContain('equityPct + bondPct must be 100');
    model.assertAllConsumed();
  });

  it('repairs a schema failure with the field that broke the schema', async () => {
    const { model, call } = request([
      reply.json({ equityPct: 'sixty', bondPct: 40 }),
      reply.json({ equityPct: 60, bondPct: 40 }),
    ]);
    const result = await generateStructured(call);
    expect(result.repaired).toBe(true);
    expect(model.calls[1]?.promptText).toMatch(/answer\.equityPct: .*number/);
  });

  it('fails with the reasons, raw text and usage when the repair is invalid too', async () => {
    const { model, call } = request([
      reply.text('{"equityPct": 60'),
      reply.json({ equityPct: 70, bondPct: 40 }),
    ]);
    const failure = await generateStructured(call).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelOutputError);
    expect(failure).toBeInstanceOf(StructuredOutputError);
    const error = failure as StructuredOutputError;
    expect(error.problems).toEqual(['equityPct + bondPct must be 100']);
    expect(error.rawText).toBe('{"equityPct":70,"bondPct":40}');
    expect(error.usage).toMatchObject({ inputTokens: 20, outputTokens: 10 });
    expect(model.calls[1]?.promptText).toContain('is not valid JSON');
    model.assertAllConsumed();
  });

  it('retries a rate limit and a timeout within one call, recording every request', async () => {
    const ledger = createUsageLedger();
    const { model, call } = request([
      reply.error(apiCallError(429, { 'retry-after': '2' })),
      reply.hang(),
      reply.json({ equityPct: 60, bondPct: 40 }),
    ]);
    const waitsMs: number[] = [];
    const result = await generateStructured({
      ...call,
      timeoutMs: 20,
      ledger,
      retryDependencies: {
        random: () => 0.5,
        sleep: (delayMs) => {
          waitsMs.push(delayMs);
          return Promise.resolve();
        },
      },
    });
    expect(result.value).toEqual({ equityPct: 60, bondPct: 40 });
    expect(result.calls).toBe(3);
    expect(waitsMs).toEqual([2000, 1000]);
    expect(ledger.total()).toMatchObject({ inputTokens: 10, outputTokens: 5 });
    model.assertAllConsumed();
  });

  it('surfaces a timeout that outlasts the retries as TimeoutError', async () => {
    const { call } = request([reply.hang(), reply.hang(), reply.hang(), reply.hang()]);
    await expect(generateStructured({ ...call, timeoutMs: 10 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it('fails with the budget reason instead of calling a model the job cannot afford', async () => {
    // No third reply: a third request would fail with "no scripted reply", not the budget.
    const { model, call } = request([
      reply.error(apiCallError(500)),
      reply.error(apiCallError(500)),
    ]);
    const failure = generateStructured({ ...call, budget: createAttemptBudget(2) });
    await expect(failure).rejects.toThrow(/attempt budget exhausted.*HTTP 500/);
    expect(model.calls).toHaveLength(2);
  });

  it('lets the model call tools before answering, counting each step', async () => {
    const { model, call } = request([
      reply.toolCall('riskProfile', { clientId: 'c1' }),
      reply.json({ equityPct: 80, bondPct: 20 }),
    ]);
    const result = await generateStructured({
      ...call,
      tools: {
        riskProfile: tool({
          inputSchema: z.object({ clientId: z.string() }),
          execute: () => Promise.resolve({ tolerance: 'high' }),
        }),
      },
    });
    expect(result.value).toEqual({ equityPct: 80, bondPct: 20 });
    expect(result.calls).toBe(2);
    expect(model.calls[1]?.promptText).toContain('"tolerance":"high"');
    model.assertAllConsumed();
  });
});
