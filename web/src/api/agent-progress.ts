import type { Job } from './types.ts';
import type { ServerEvent } from './sse.ts';

// Per-agent progress of one job: built live from the SSE stream, then settled from the job's
// summary_payload once it ends (the summary is the record; events are the preview).

export type AgentState = 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface AgentProgress {
  agent: string;
  state: AgentState;
  startedAtMs: number | null;
  elapsedMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  error: string | null;
}

export const AGENT_ORDER = ['planner', 'tagger', 'reporter', 'charter', 'retirement'] as const;

export type ProgressByAgent = Record<string, AgentProgress>;

export function emptyProgress(): ProgressByAgent {
  return Object.fromEntries(
    AGENT_ORDER.map((agent) => [
      agent,
      {
        agent,
        state: 'waiting',
        startedAtMs: null,
        elapsedMs: null,
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
        error: null,
      } satisfies AgentProgress,
    ]),
  );
}

type Loose = Record<string, unknown>;

function record(value: unknown): Loose {
  return typeof value === 'object' && value !== null ? (value as Loose) : {};
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stateOf(eventName: string, data: Loose): AgentState | null {
  const words = `${eventName} ${typeof data['status'] === 'string' ? data['status'] : ''} ${
    typeof data['type'] === 'string' ? data['type'] : ''
  }`;
  if (/fail|error/.test(words)) return 'failed';
  if (/skip/.test(words)) return 'skipped';
  if (/finish|succeed|complete|end|done/.test(words)) return 'succeeded';
  if (/start|running/.test(words)) return 'running';
  return null;
}

/** Applies one event; events about the job as a whole (no agent) change nothing here. */
export function applyEvent(
  progress: ProgressByAgent,
  event: ServerEvent,
  nowMs: number,
): ProgressByAgent {
  let data: Loose;
  try {
    data = record(JSON.parse(event.data));
  } catch {
    return progress;
  }
  const agent = typeof data['agent'] === 'string' ? data['agent'] : null;
  if (!agent) return progress;
  const previous = progress[agent] ?? emptyProgress()['planner']!;
  const usage = record(data['usage']);
  const state = stateOf(event.event, data) ?? previous.state;
  const next: AgentProgress = {
    ...previous,
    agent,
    state,
    startedAtMs:
      state === 'running' && previous.startedAtMs === null ? nowMs : previous.startedAtMs,
    elapsedMs: num(data['elapsed_ms']) ?? num(data['duration_ms']) ?? previous.elapsedMs,
    inputTokens: num(data['input_tokens']) ?? num(usage['input_tokens']) ?? previous.inputTokens,
    outputTokens:
      num(data['output_tokens']) ?? num(usage['output_tokens']) ?? previous.outputTokens,
    costUsd: num(data['cost_usd']) ?? num(usage['cost_usd']) ?? previous.costUsd,
    error: typeof data['error'] === 'string' ? data['error'] : previous.error,
  };
  return { ...progress, [agent]: next };
}

/**
 * The elapsed time to show: the recorded one, else a running agent's time since its start event
 * reached this page. Never negative: the once-a-second clock it is read against can lag behind
 * an event that just arrived.
 */
export function elapsedOf(row: AgentProgress, nowMs: number): number | null {
  if (row.elapsedMs !== null) return row.elapsedMs;
  if (row.state !== 'running' || row.startedAtMs === null) return null;
  return Math.max(0, nowMs - row.startedAtMs);
}

const SUMMARY_STATES: Record<string, AgentState> = {
  completed: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  not_run: 'skipped',
};

/** The finished job's summary is authoritative for status, time, tokens and cost. */
export function settleFromSummary(
  progress: ProgressByAgent,
  job: Pick<Job, 'summary_payload'>,
): ProgressByAgent {
  const summary = job.summary_payload;
  if (!summary) return progress;
  const next = { ...progress };
  for (const [agent, status] of Object.entries(summary.status_by_agent)) {
    const usage = summary.usage.by_agent[agent as keyof typeof summary.usage.by_agent];
    const previous = next[agent] ?? emptyProgress()['planner']!;
    next[agent] = {
      ...previous,
      agent,
      state: (status && SUMMARY_STATES[status]) ?? previous.state,
      elapsedMs: summary.timings_ms[agent as keyof typeof summary.timings_ms] ?? previous.elapsedMs,
      inputTokens: usage?.input_tokens ?? previous.inputTokens,
      outputTokens: usage?.output_tokens ?? previous.outputTokens,
      costUsd: usage?.cost_usd ?? previous.costUsd,
    };
  }
  return next;
}
