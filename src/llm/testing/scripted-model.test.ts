import { generateText, isStepCount, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiCallError, assertScriptsUsed, reply, scriptedModel } from './scripted-model.ts';

describe('scripted model', () => {
  it('answers in order, runs tool calls through the SDK and records every prompt', async () => {
    const model = scriptedModel([
      reply.toolCall('lookupPrice', { symbol: 'VTI' }),
      reply.text('VTI costs 250.00', { inputTokens: 30, outputTokens: 7 }),
    ]);
    const result = await generateText({
      model: model.model,
      instructions: 'You are terse.',
      prompt: 'What does VTI cost?',
      tools: {
        lookupPrice: tool({
          inputSchema: z.object({ symbol: z.string() }),
          execute: ({ symbol }) => Promise.resolve({ symbol, priceUsd: 250 }),
        }),
      },
      stopWhen: isStepCount(3),
    });
    expect(result.text).toBe('VTI costs 250.00');
    expect(result.totalUsage.inputTokens).toBe(40);
    expect(model.calls).toHaveLength(2);
    expect(model.calls[0]).toMatchObject({
      system: 'You are terse.',
      promptText: 'What does VTI cost?',
      toolNames: ['lookupPrice'],
    });
    expect(model.calls[1]?.promptText).toContain('"priceUsd":250');
    model.assertAllConsumed();
  });

  it('fails a test that scripted replies it never used', async () => {
    const model = scriptedModel([reply.json({ a: 1 }), reply.json({ a: 2 })]);
    await generateText({ model: model.model, prompt: 'once' });
    expect(model.remaining).toBe(1);
    expect(() => model.assertAllConsumed()).toThrow(/1 of 2 replies were never used/);
  });

  it('fails loudly when asked more often than scripted', async () => {
    const model = scriptedModel([]);
    await expect(generateText({ model: model.model, prompt: 'x', maxRetries: 0 })).rejects.toThrow(
      /request 1 has no scripted reply/,
    );
  });

  it('throws scripted errors as the provider would', async () => {
    const model = scriptedModel([reply.error(apiCallError(503))]);
    await expect(
      generateText({ model: model.model, prompt: 'x', maxRetries: 0 }),
    ).rejects.toMatchObject({ statusCode: 503 });
    model.assertAllConsumed();
  });
});

describe('the after-each check of scripted models', () => {
  it('fails for a model with replies left that the test never checked, then forgets it', () => {
    scriptedModel([reply.text('never asked')]);
    expect(() => assertScriptsUsed()).toThrow(/1 of 1 replies were never used \(0 requests made\)/);
    expect(() => assertScriptsUsed()).not.toThrow();
  });
});
