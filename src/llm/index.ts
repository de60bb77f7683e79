export {
  createAttemptBudget,
  DEFAULT_ATTEMPTS_PER_JOB,
  type AttemptBudget,
} from './attempt-budget.ts';
export {
  DEFAULT_MAX_OUTPUT_TOKENS,
  DEFAULT_MAX_STEPS_WITH_TOOLS,
  generateStructured,
  MAX_REPAIR_ROUNDS,
  StructuredOutputError,
  type StructuredRequest,
  type StructuredResult,
} from './generate-structured.ts';
export {
  createModelRegistry,
  type AgentModel,
  type LlmAgentModel,
  type ModelRegistry,
  type ProviderLanguageModel,
} from './model-registry.ts';
export { estimateCostUsd, priceFor, PRICES_CHECKED_ON, type ModelPrice } from './pricing.ts';
export { DEFAULT_BEDROCK_MODEL_ID } from './providers/bedrock-model-id.ts';
export type { ProviderOptions } from './providers/provider-options.ts';
export {
  MAX_ATTEMPTS_PER_CALL,
  MAX_RETRY_AFTER_SECONDS,
  withRetries,
  type RetryDependencies,
  type RetryOptions,
} from './retry.ts';
export {
  createJobSpend,
  DEFAULT_MAX_JOB_COST_USD,
  DEFAULT_MAX_JOB_TOKENS,
  DEFAULT_SPEND_CEILING,
  spendLimitError,
  type JobSpend,
  type JobSpendOptions,
  type SpendCeiling,
} from './spend-ceiling.ts';
export {
  addUsage,
  createUsageLedger,
  NO_USAGE,
  usageOfCall,
  type CallUsage,
  type UsageLedger,
} from './usage.ts';
