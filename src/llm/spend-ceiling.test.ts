import { describe, expect, it } from 'vitest';
import { SpendLimitError } from '../errors.ts';
import { createJobSpend } from './spend-ceiling.ts';
import { usageOfCall } from './usage.ts';

const ceiling = { maxTokens: 10_000, maxCostUsd: 1 };

describe('a job spend', () => {
  it('refuses the next request once the dollar ceiling is reached, saying what was spent', async () => {
    const spend = createJobSpend({ ceiling });
    // GPT-4.1: $2 in and $8 out per million tokens; 2,000 in + 1,000 out = $0.012.
    await spend.record(usageOfCall('openai:gpt-4.1', { inputTokens: 2_000, outputTokens: 1_000 }));
    expect(() => spend.assertBelowCeiling()).not.toThrow();
    await spend.record(usageOfCall('openai:gpt-4.1', { inputTokens: 0, outputTokens: 125_000 }));
    expect(spend.spent().costUsd).toBe(1.012);
    expect(() => spend.assertBelowCeiling()).toThrow(SpendLimitError);
    expect(() => spend.assertBelowCeiling()).toThrow(
      /\$1\.01 estimated \(ceiling ALEX_MAX_JOB_COST_USD=1\)/,
    );
  });

  it('still stops a model without a price at the token ceiling', async () => {
    const spend = createJobSpend({ ceiling });
    await spend.record(
      usageOfCall('openai-compatible:qwen3', { inputTokens: 9_000, outputTokens: 999 }),
    );
    expect(spend.reached()).toBe(false);
    await spend.record(usageOfCall('openai-compatible:qwen3', { inputTokens: 1, outputTokens: 0 }));
    expect(spend.spent()).toMatchObject({ costUsd: 0, priced: false });
    expect(() => spend.assertBelowCeiling()).toThrow(
      /spent 10,000 tokens .*some models have no price/,
    );
  });

  it('starts from what earlier attempts stored and keeps the larger of concurrent totals', async () => {
    const stored = [
      { inputTokens: 9_500, outputTokens: 100, costUsd: 0, priced: true },
      { inputTokens: 9_000, outputTokens: 50, costUsd: 0, priced: true },
    ];
    const spend = createJobSpend({
      ceiling,
      initial: { inputTokens: 8_000, outputTokens: 0, costUsd: 0, priced: true },
      store: () =>
        Promise.resolve(
          stored.shift() ?? { inputTokens: 0, outputTokens: 0, costUsd: 0, priced: true },
        ),
    });
    await spend.record({ inputTokens: 10, outputTokens: 0, costUsd: 0, priced: true });
    await spend.record({ inputTokens: 10, outputTokens: 0, costUsd: 0, priced: true });
    expect(spend.spent()).toMatchObject({ inputTokens: 9_510, outputTokens: 100 });
    await spend.record({ inputTokens: 400, outputTokens: 0, costUsd: 0, priced: true });
    expect(spend.reached()).toBe(true);
  });
});
