import { estimateCostUsd } from './pricing.ts';

/** Tokens and estimated cost of one model call, or the sum of several. */
export interface CallUsage {
  /** Prompt tokens the provider counted (0 when it did not report them). */
  inputTokens: number;
  /** Generated tokens the provider counted (0 when it did not report them). */
  outputTokens: number;
  /** Estimated cost in US dollars from the list prices in `pricing.ts`; an estimate, not a bill. */
  costUsd: number;
  /** False when some call's model has no price in the table, so `costUsd` leaves it out. */
  priced: boolean;
}

/** The usage of no calls at all: the start of every sum. */
export const NO_USAGE: CallUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0, priced: true };

/** Sum of two usages; the cost stays rounded to a millionth of a dollar so totals do not drift. */
export function addUsage(left: CallUsage, right: CallUsage): CallUsage {
  return {
    inputTokens: left.inputTokens + right.inputTokens,
    outputTokens: left.outputTokens + right.outputTokens,
    costUsd: roundMicroUsd(left.costUsd + right.costUsd),
    priced: left.priced && right.priced,
  };
}

/** The usage of one call of `model` (`provider:model`), priced from the table. */
export function usageOfCall(
  model: string,
  tokens: { inputTokens: number; outputTokens: number },
): CallUsage {
  const cost = estimateCostUsd(model, tokens);
  return { ...tokens, costUsd: roundMicroUsd(cost.costUsd), priced: cost.priced };
}

/** Where usage of every model call goes, successful or not: one per agent run or per job. */
export interface UsageLedger {
  /** Records one model call's usage under its model label. */
  record(model: string, usage: CallUsage): void;
  /** Everything recorded so far, summed. */
  total(): CallUsage;
  /** Everything recorded so far, summed per model label. */
  byModel(): Record<string, CallUsage>;
}

/** An in-memory ledger; the job layer persists its totals. */
export function createUsageLedger(): UsageLedger {
  const entries: { model: string; usage: CallUsage }[] = [];
  return {
    record(model, usage) {
      entries.push({ model, usage });
    },
    total() {
      return entries.reduce((sum, entry) => addUsage(sum, entry.usage), NO_USAGE);
    },
    byModel() {
      const totals: Record<string, CallUsage> = {};
      for (const entry of entries) {
        totals[entry.model] = addUsage(totals[entry.model] ?? NO_USAGE, entry.usage);
      }
      return totals;
    },
  };
}

function roundMicroUsd(valueUsd: number): number {
  return Math.round(valueUsd * 1_000_000) / 1_000_000;
}
