import { describe, expect, it } from 'vitest';
import { estimateCostUsd, priceFor } from './pricing.ts';
import { addUsage, createUsageLedger, NO_USAGE, usageOfCall } from './usage.ts';

describe('pricing', () => {
  it('prices Nova Pro through its Bedrock inference profile id', () => {
    expect(priceFor('bedrock:us.amazon.nova-pro-v1:0')?.family).toBe('Amazon Nova Pro');
    // 1M input at $0.80 plus 0.5M output at $3.20.
    expect(
      estimateCostUsd('bedrock:us.amazon.nova-pro-v1:0', {
        inputTokens: 1_000_000,
        outputTokens: 500_000,
      }),
    ).toEqual({ costUsd: 2.4, priced: true });
  });

  it('tells the mini models from their larger siblings', () => {
    expect(priceFor('openai:gpt-4.1-mini')?.family).toBe('GPT-4.1 mini');
    expect(priceFor('openai:gpt-4.1-2025-04-14')?.family).toBe('GPT-4.1');
    expect(priceFor('openai:gpt-4o-mini')?.family).toBe('GPT-4o mini');
  });

  it('prices Claude by family on Anthropic and on Bedrock', () => {
    expect(priceFor('anthropic:claude-sonnet-4-20250514')?.inputUsdPerMillion).toBe(3);
    expect(
      priceFor('bedrock:us.anthropic.claude-3-5-haiku-20241022-v1:0')?.outputUsdPerMillion,
    ).toBe(4);
    expect(priceFor('anthropic:claude-haiku-4-5')?.family).toBe('Claude Haiku 4.5');
  });

  it('leaves unknown and self-hosted models unpriced rather than guessing', () => {
    expect(
      estimateCostUsd('openai:some-future-model', { inputTokens: 10, outputTokens: 10 }),
    ).toEqual({ costUsd: 0, priced: false });
    expect(priceFor('openai-compatible:gpt-4o-mini')).toBeUndefined();
  });
});

describe('usage', () => {
  it('sums tokens and cost, and stays unpriced once any call was unpriced', () => {
    const priced = usageOfCall('openai:gpt-4o-mini', { inputTokens: 2000, outputTokens: 1000 });
    expect(priced).toEqual({
      inputTokens: 2000,
      outputTokens: 1000,
      costUsd: 0.0009,
      priced: true,
    });
    const local = usageOfCall('openai-compatible:qwen3', { inputTokens: 50, outputTokens: 5 });
    expect(addUsage(addUsage(NO_USAGE, priced), local)).toEqual({
      inputTokens: 2050,
      outputTokens: 1005,
      costUsd: 0.0009,
      priced: false,
    });
  });

  it('keeps totals per model in a ledger', () => {
    const ledger = createUsageLedger();
    ledger.record('a:x', { inputTokens: 1, outputTokens: 2, costUsd: 0.5, priced: true });
    ledger.record('a:x', { inputTokens: 3, outputTokens: 4, costUsd: 0.25, priced: true });
    ledger.record('b:y', { inputTokens: 5, outputTokens: 6, costUsd: 0, priced: false });
    expect(ledger.byModel()['a:x']).toEqual({
      inputTokens: 4,
      outputTokens: 6,
      costUsd: 0.75,
      priced: true,
    });
    expect(ledger.total()).toEqual({
      inputTokens: 9,
      outputTokens: 12,
      costUsd: 0.75,
      priced: false,
    });
  });
});
