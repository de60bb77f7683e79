import { DEFAULT_SPEND_CEILING } from '../llm/index.ts';
import type { JobSettings } from './deps.ts';

// Why these numbers:
// - A job's deadline matches the planner Lambda's 900 s limit: past it no worker is still on
//   the job, so the reaper may hand it to another. Everything a job runs fits inside it, in the
//   worst case where every agent uses its whole timeout: tagger 180 s + planner 60 s +
//   specialists (run concurrently) 2 attempts x 240 s = 720 s, which leaves 180 s for the price
//   refresh and the writes. Each agent's timeout is also cut to the time left before the
//   deadline (less DEADLINE_MARGIN_MS), so a slow price refresh cannot push a run past it.
// - The tagger classifies every instrument that needs it in one structured answer: the longest
//   single model task. The planner's routing is one short answer.
// - A specialist gets 4 minutes per attempt; the offline writers take milliseconds, and a
//   model-backed report takes well under a minute on a healthy provider.
// - Two attempts per specialist: one retry covers a provider blip; more would mostly burn the
//   job's deadline. Model requests have their own retries inside each attempt (src/llm/retry.ts).
// - 40 model requests per job bound the cost of one job even when every agent retries.
// - The spend ceiling (tokens and dollars) is explained in src/llm/spend-ceiling.ts.
// - A worker marks its running job alive every 15 s; a job silent for 90 s (six missed
//   heartbeats: a long GC pause or a slow database does not miss six) lost its worker and is
//   handed to another, so a dead worker costs about 90-120 s (one reaper pass later) instead of
//   the 900 s deadline. ALEX_HEARTBEAT_SECONDS scales both (see job-runtime.ts).
export const DEFAULT_JOB_SETTINGS: JobSettings = {
  jobDeadlineMs: 900_000,
  taggerTimeoutMs: 180_000,
  plannerTimeoutMs: 60_000,
  specialistTimeoutMs: 240_000,
  specialistAttempts: 2,
  llmTimeoutMs: 120_000,
  modelAttemptsPerJob: 40,
  spendCeiling: DEFAULT_SPEND_CEILING,
  heartbeatIntervalMs: 15_000,
  heartbeatTimeoutMs: 90_000,
};

/** Missed heartbeats after which a running job counts as abandoned. */
export const HEARTBEATS_BEFORE_ABANDONED = 6;

/**
 * Time an agent run leaves before the job's deadline: enough to record the run, write the
 * summary and the final status, so a job whose agents ran long still ends by itself instead of
 * being reaped as if its worker had died.
 */
export const DEADLINE_MARGIN_MS = 20_000;

/** The settings for a heartbeat of `seconds` (ALEX_HEARTBEAT_SECONDS). */
export function heartbeatSettings(
  seconds: number,
): Pick<JobSettings, 'heartbeatIntervalMs' | 'heartbeatTimeoutMs'> {
  return {
    heartbeatIntervalMs: seconds * 1000,
    heartbeatTimeoutMs: seconds * 1000 * HEARTBEATS_BEFORE_ABANDONED,
  };
}
