import { AGENT_NAMES, type AgentName } from '../../contracts/jobs.ts';
import type { SummaryPayload } from '../../contracts/payloads.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import type { SkippedSpecialist } from './schema.ts';

export type AgentOutcome = NonNullable<SummaryPayload['status_by_agent'][AgentName]>;

/** The snapshot figures the summary quotes. */
export interface SummarySnapshotFacts {
  totalValueCents: number;
  positionCount: number;
  /** Positions without a price, left out of the totals. */
  unpricedCount: number;
  /** Positions priced from a stored or seed price rather than a fresh quote. */
  stalePriceCount: number;
}

export interface JobSummaryFacts {
  /** The job's final status, which the first sentence states. */
  status: 'completed' | 'partial' | 'failed';
  statusByAgent: Partial<Record<AgentName, AgentOutcome>>;
  timingsMs: Partial<Record<AgentName, number>>;
  usage: {
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    priced: boolean;
    /** Model requests this job made, answered or not (failed and timed-out ones count). */
    requests: number;
  };
  /** Absent when the job failed before the snapshot was built. */
  snapshot?: SummarySnapshotFacts;
  /** Specialists the planner did not run, with the reason. */
  skipped?: SkippedSpecialist[];
  failures: Array<{ agent: AgentName; error: string }>;
}

/** The summary figures of a built snapshot. */
export function summaryFactsFromSnapshot(snapshot: PortfolioSnapshot): SummarySnapshotFacts {
  return {
    totalValueCents: snapshot.analytics.total.valueCents,
    positionCount: snapshot.portfolio.accounts.reduce(
      (count, account) => count + account.positions.length,
      0,
    ),
    unpricedCount: snapshot.analytics.unpriced.length,
    stalePriceCount: snapshot.prices.stale.length,
  };
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const whole = new Intl.NumberFormat('en-US');

/**
 * The job's plain-language summary, written by code from the job's facts (no model): the
 * outcome, the portfolio it describes, what ran, was skipped or failed, model usage and time.
 */
export function writeJobSummary(facts: JobSummaryFacts): string {
  return [
    outcomeSentence(facts),
    facts.snapshot ? portfolioSentence(facts.snapshot) : 'No portfolio snapshot was built.',
    agentsSentence(facts),
    ...facts.failures.map((failure) => `${failure.agent} failed: ${shorten(failure.error)}`),
    usageSentence(facts.usage),
    timingSentence(facts.timingsMs),
  ]
    .filter((sentence) => sentence !== '')
    .join(' ');
}

// The status comes from the job (a job fails when no specialist succeeded, even if the planner
// and the tagger did); the counts are of the agents that ran, skipped ones left out.
function outcomeSentence(facts: JobSummaryFacts): string {
  const ran = AGENT_NAMES.filter((agent) => {
    const outcome = facts.statusByAgent[agent];
    return outcome === 'completed' || outcome === 'failed';
  });
  const failed = ran.filter((agent) => facts.statusByAgent[agent] === 'failed');
  const count =
    failed.length > 0
      ? `: ${failed.length} of the ${plural(ran.length, 'agent')} that ran failed (${failed.join(', ')})`
      : '';
  if (facts.status === 'completed') return 'The analysis is complete.';
  if (facts.status === 'failed') return `The analysis failed${count}.`;
  return `The analysis is partial${count}; the other results are kept.`;
}

function portfolioSentence(snapshot: SummarySnapshotFacts): string {
  const positions = plural(snapshot.positionCount, 'position');
  const notes = [
    ...(snapshot.unpricedCount > 0
      ? [`${plural(snapshot.unpricedCount, 'position')} without a price, left out of the total`]
      : []),
    ...(snapshot.stalePriceCount > 0
      ? [`${plural(snapshot.stalePriceCount, 'price')} from stored or seed data, not a fresh quote`]
      : []),
  ];
  const detail = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  return `It covers ${positions} worth ${usd.format(snapshot.totalValueCents / 100)}${detail}.`;
}

function agentsSentence(facts: JobSummaryFacts): string {
  const byOutcome = (outcome: AgentOutcome) =>
    AGENT_NAMES.filter((agent) => facts.statusByAgent[agent] === outcome);
  const completed = byOutcome('completed');
  const withReason = facts.skipped ?? [];
  const skipped = [
    ...withReason.map((entry) => `${entry.agent} (${entry.reason})`),
    ...byOutcome('skipped').filter((agent) => !withReason.some((entry) => entry.agent === agent)),
  ];
  const parts = [
    completed.length > 0 ? `Completed: ${completed.join(', ')}.` : '',
    skipped.length > 0 ? `Skipped: ${skipped.join('; ')}.` : '',
    byOutcome('not_run').length > 0 ? `Not run: ${byOutcome('not_run').join(', ')}.` : '',
  ];
  return parts.filter((part) => part !== '').join(' ');
}

function usageSentence(usage: JobSummaryFacts['usage']): string {
  if (usage.inputTokens === 0 && usage.outputTokens === 0) {
    return usage.requests === 0
      ? 'No model calls were made.'
      : `${plural(usage.requests, 'model request')} made, none with token usage reported (they failed or timed out, or the provider does not report usage).`;
  }
  const cost = usage.priced
    ? `an estimated $${usage.costUsd.toFixed(4)}`
    : `at least $${usage.costUsd.toFixed(4)} (some models have no list price)`;
  return `Model usage: ${whole.format(usage.inputTokens)} input and ${whole.format(usage.outputTokens)} output tokens, ${cost}.`;
}

function timingSentence(timingsMs: JobSummaryFacts['timingsMs']): string {
  const timed = AGENT_NAMES.flatMap((agent) => {
    const ms = timingsMs[agent];
    return ms === undefined ? [] : [`${agent} ${(ms / 1000).toFixed(1)} s`];
  });
  return timed.length > 0 ? `Time per agent: ${timed.join(', ')}.` : '';
}

// An error can carry every problem of a rejected model answer; the summary keeps the start.
const MAX_ERROR_CHARS = 200;

function shorten(error: string): string {
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > MAX_ERROR_CHARS ? `${line.slice(0, MAX_ERROR_CHARS - 1)}…` : line;
}

function plural(count: number, noun: string): string {
  return `${whole.format(count)} ${noun}${count === 1 ? '' : 's'}`;
}
