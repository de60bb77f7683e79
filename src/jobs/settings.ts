import { DEFAULT_SPEND_CEILING } from '../llm/index.ts';
import type { JobSettings } from './deps.ts';

// Why these numbers:
// - A job's deadline matches the planner Lambda's 900 s limit: past it no worker is still on
//   the job, so the reaper may hand it to another.
// - A specialist gets 5 minutes per attempt, the specialists' Lambda limit; the offline writers
//   take milliseconds, and a model-backed report takes well under a minute on a healthy provider.
// - Two attempts per specialist: one retry covers a provider blip; more would mostly burn the
//   job's deadline. Model requests have their own retries inside each attempt (src/llm/retry.ts).
// - 40 model requests per job bound the cost of one job even when every agent retries.
// - The spend ceiling (tokens and dollars) is explained in src/llm/spend-ceiling.ts.
export const DEFAULT_JOB_SETTINGS: JobSettings = {
  jobDeadlineMs: 900_000,
  specialistTimeoutMs: 300_000,
  specialistAttempts: 2,
  llmTimeoutMs: 120_000,
  modelAttemptsPerJob: 40,
  spendCeiling: DEFAULT_SPEND_CEILING,
};
