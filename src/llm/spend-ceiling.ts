import { SpendLimitError } from '../errors.ts';
import { addUsage, NO_USAGE, type CallUsage } from './usage.ts';

// Why these defaults: a normal analysis makes 10–20 model requests of a few thousand tokens
// each (the Reporter's prompt carries the snapshot and research snippets, tool steps resend the
// conversation), about 50,000–150,000 tokens in all, and a portfolio of a few hundred unknown
// symbols adds about 2,500 tokens per ten symbols. One million tokens is several such jobs: a
// real job never meets it, while 40 requests per attempt times three attempts of a looping
// model would. Priced at the dearest model in src/llm/pricing.ts (Claude Sonnet, $3 in and
// $15 out per million), a normal job costs well under $1; $5 leaves that room and still stops
// a runaway job before it costs more than a few normal ones.
export const DEFAULT_MAX_JOB_TOKENS = 1_000_000;
export const DEFAULT_MAX_JOB_COST_USD = 5;

/** The most one job may spend, across its agents, retries and job attempts. */
export interface SpendCeiling {
  /** Input plus output tokens; applies to every model, priced or not. */
  maxTokens: number;
  /** Estimated US dollars (list prices); models without a price count only towards tokens. */
  maxCostUsd: number;
}

export const DEFAULT_SPEND_CEILING: SpendCeiling = {
  maxTokens: DEFAULT_MAX_JOB_TOKENS,
  maxCostUsd: DEFAULT_MAX_JOB_COST_USD,
};

/** A job's spend so far, checked before each model request and added to after each. */
export interface JobSpend {
  readonly ceiling: SpendCeiling;
  /** Everything the job has spent that this process knows of, earlier attempts included. */
  spent(): CallUsage;
  /** Whether the spend has reached either ceiling. */
  reached(): boolean;
  /** Throws SpendLimitError (saying what was spent) when the ceiling is reached. */
  assertBelowCeiling(): void;
  /** Adds one request's usage; resolves once it is stored where the job's next attempt sees it. */
  record(usage: CallUsage): Promise<void>;
  /** Reads the stored total again, to see what other processes spent on the job. */
  refresh(): Promise<void>;
}

export interface JobSpendOptions {
  ceiling: SpendCeiling;
  /** What the job had spent when this attempt started (stored by earlier attempts). */
  initial?: CallUsage;
  /** Reads the job's stored total. */
  load?: () => Promise<CallUsage>;
  /**
   * Stores one request's usage and returns the job's stored total, which may include what
   * other processes (specialist Lambdas) spent on the same job meanwhile.
   */
  store?: (usage: CallUsage) => Promise<CallUsage>;
}

export function createJobSpend(options: JobSpendOptions): JobSpend {
  const { ceiling } = options;
  let total = options.initial ?? NO_USAGE;
  const reached = () =>
    total.inputTokens + total.outputTokens >= ceiling.maxTokens ||
    total.costUsd >= ceiling.maxCostUsd;
  // Concurrent requests' stored totals come back in any order: keep the larger of each figure.
  const merge = (stored: CallUsage) => {
    total = {
      inputTokens: Math.max(total.inputTokens, stored.inputTokens),
      outputTokens: Math.max(total.outputTokens, stored.outputTokens),
      costUsd: Math.max(total.costUsd, stored.costUsd),
      priced: total.priced && stored.priced,
    };
  };
  return {
    ceiling,
    spent: () => total,
    reached,
    assertBelowCeiling() {
      if (reached()) throw spendLimitError(total, ceiling);
    },
    async record(usage) {
      total = addUsage(total, usage);
      if (options.store) merge(await options.store(usage));
    },
    async refresh() {
      if (options.load) merge(await options.load());
    },
  };
}

/** The error a job fails with at its ceiling: the reason and what was spent. */
export function spendLimitError(spent: CallUsage, ceiling: SpendCeiling): SpendLimitError {
  const tokens = spent.inputTokens + spent.outputTokens;
  const cost = spent.priced
    ? `$${spent.costUsd.toFixed(2)} estimated`
    : `$${spent.costUsd.toFixed(2)} estimated for the priced models (some models have no price)`;
  return new SpendLimitError(
    `job spend ceiling reached: spent ${formatCount(tokens)} tokens (${formatCount(spent.inputTokens)} in, ${formatCount(spent.outputTokens)} out; ceiling ALEX_MAX_JOB_TOKENS=${formatCount(ceiling.maxTokens)}) and ${cost} (ceiling ALEX_MAX_JOB_COST_USD=${ceiling.maxCostUsd}); no further model request was made`,
  );
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
