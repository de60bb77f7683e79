// Estimated cost per model call from public list prices, in US dollars per million tokens.
//
// These are on-demand list prices (standard tier, no batch, no prompt-cache discounts, Bedrock in
// US regions) as published by AWS, OpenAI and Anthropic and repeated by price trackers in
// March–May 2026; checked for this table on 2026-11-24. They are estimates for reports and
// budgets, not a bill: providers change prices, regions differ, and cached or batched tokens are
// cheaper. Models not in the table (including every `openai-compatible` model, which runs on
// hardware we do not price) cost 0 with `priced: false`, so a report can say the cost is unknown.

export const PRICES_CHECKED_ON = '2026-11-24';

/** List price of one model family. */
export interface ModelPrice {
  /** Human name of the priced family, e.g. `Amazon Nova Pro`. */
  family: string;
  /** US dollars per million input (prompt) tokens. */
  inputUsdPerMillion: number;
  /** US dollars per million output (generated) tokens. */
  outputUsdPerMillion: number;
}

// Matched against the model id in order, so a more specific id (gpt-4.1-mini) comes before the
// id it extends (gpt-4.1). Bedrock ids carry prefixes and suffixes (`us.amazon.nova-pro-v1:0`,
// `anthropic.claude-sonnet-4-20250514-v1:0`), hence substring patterns rather than exact ids.
const PRICE_TABLE: readonly { pattern: RegExp; price: ModelPrice }[] = [
  { pattern: /nova-pro/, price: price('Amazon Nova Pro', 0.8, 3.2) },
  { pattern: /nova-lite/, price: price('Amazon Nova Lite', 0.06, 0.24) },
  { pattern: /nova-micro/, price: price('Amazon Nova Micro', 0.035, 0.14) },
  { pattern: /gpt-4\.1-mini/, price: price('GPT-4.1 mini', 0.4, 1.6) },
  { pattern: /gpt-4\.1-nano/, price: price('GPT-4.1 nano', 0.1, 0.4) },
  { pattern: /gpt-4\.1/, price: price('GPT-4.1', 2, 8) },
  { pattern: /gpt-4o-mini/, price: price('GPT-4o mini', 0.15, 0.6) },
  { pattern: /gpt-4o/, price: price('GPT-4o', 2.5, 10) },
  { pattern: /claude-sonnet-5/, price: price('Claude Sonnet 5', 2, 10) },
  {
    pattern: /claude-sonnet-4|claude-3-[57]-sonnet/,
    price: price('Claude Sonnet 3.5 to 4.5', 3, 15),
  },
  { pattern: /claude-haiku-4-5/, price: price('Claude Haiku 4.5', 1, 5) },
  { pattern: /claude-3-5-haiku/, price: price('Claude Haiku 3.5', 0.8, 4) },
  { pattern: /claude-3-haiku/, price: price('Claude Haiku 3', 0.25, 1.25) },
];

const PRICED_PROVIDERS = ['bedrock', 'openai', 'anthropic'];

/** The list price for a `provider:model` label, or undefined when we have none. */
export function priceFor(model: string): ModelPrice | undefined {
  const separator = model.indexOf(':');
  const provider = model.slice(0, separator);
  if (!PRICED_PROVIDERS.includes(provider)) return undefined;
  const modelId = model.slice(separator + 1);
  return PRICE_TABLE.find((entry) => entry.pattern.test(modelId))?.price;
}

/** Estimated cost of one call; `priced: false` (and cost 0) when the model has no price. */
export function estimateCostUsd(
  model: string,
  tokens: { inputTokens: number; outputTokens: number },
): { costUsd: number; priced: boolean } {
  const modelPrice = priceFor(model);
  if (!modelPrice) return { costUsd: 0, priced: false };
  const costUsd =
    (tokens.inputTokens * modelPrice.inputUsdPerMillion +
      tokens.outputTokens * modelPrice.outputUsdPerMillion) /
    1_000_000;
  return { costUsd, priced: true };
}

function price(
  family: string,
  inputUsdPerMillion: number,
  outputUsdPerMillion: number,
): ModelPrice {
  return { family, inputUsdPerMillion, outputUsdPerMillion };
}
