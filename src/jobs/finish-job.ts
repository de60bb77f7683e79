import type { PortfolioSnapshot } from '../agents/portfolio-snapshot.ts';
import {
  summaryFactsFromSnapshot,
  writeJobSummary,
  type AgentOutcome,
  type SkippedSpecialist,
} from '../agents/planner/index.ts';
import { AGENT_NAMES, type AgentName, type SpecialistName } from '../contracts/jobs.ts';
import { summaryPayloadSchema, type SummaryPayload } from '../contracts/payloads.ts';
import { priceFor } from '../llm/index.ts';
import { parseWith } from '../parse-json.ts';
import type { AgentRun, Job } from '../store/repositories/index.ts';
import type { JobDeps } from './deps.ts';
import { payloadOf } from './payloads.ts';
import type { SpecialistOutcome } from './run-specialist.ts';

export interface PipelineResult {
  snapshot: PortfolioSnapshot;
  selected: SpecialistName[];
  skipped: SkippedSpecialist[];
  outcomes: SpecialistOutcome[];
  routingReason: string;
  /** Model requests this attempt made (the budget's count: failed and timed-out ones too). */
  modelRequests: number;
}

/**
 * completed when every selected specialist has its payload; partial when some failed and
 * others succeeded (their results are kept, the failures named); failed when none succeeded.
 */
export function jobStatusOf(
  outcomes: readonly SpecialistOutcome[],
): 'completed' | 'partial' | 'failed' {
  const failed = outcomes.filter((outcome) => outcome.status === 'failed').length;
  if (failed === 0) return 'completed';
  return failed === outcomes.length ? 'failed' : 'partial';
}

/** Write the summary payload and the final status. */
export async function finishJob(
  deps: JobDeps,
  job: Job,
  result: PipelineResult,
): Promise<'completed' | 'partial' | 'failed'> {
  const outcomes = await confirmPayloads(deps, job.id, result.outcomes);
  const checked = { ...result, outcomes };
  const status = jobStatusOf(outcomes);
  const runs = await deps.repositories.agentRuns.list(job.id);
  const summary = buildSummary(runs, checked, status);
  const failures = outcomes.filter((outcome) => outcome.status === 'failed');
  const error = failures.length
    ? failures.map((failure) => `${failure.agent}: ${failure.error ?? 'failed'}`).join('; ')
    : null;
  const finished = await deps.repositories.jobs.finish(job.id, {
    status,
    summary,
    error,
    attempt: job.attempts,
  });
  if (!finished) {
    // The job was taken back (reaped past its deadline) and belongs to another attempt now.
    deps.logger.warn({ event: 'job-finish-lost', jobId: job.id, attempt: job.attempts });
    const current = await deps.repositories.jobs.findForWorker(job.id);
    return current && current.status !== 'pending' && current.status !== 'running'
      ? current.status
      : 'failed';
  }
  deps.onProgress?.({ type: 'job-finished', jobId: job.id, status, at: deps.now().toISOString() });
  deps.logger.info({ event: 'job-finish', jobId: job.id, status });
  return status;
}

/**
 * Fail closed: a specialist counts as completed only if its payload is really on the job (a
 * remote specialist's word is not enough), and every selected specialist has an outcome.
 */
async function confirmPayloads(
  deps: JobDeps,
  jobId: string,
  outcomes: readonly SpecialistOutcome[],
): Promise<SpecialistOutcome[]> {
  const stored = await deps.repositories.jobs.findForWorker(jobId);
  return outcomes.map((outcome) =>
    outcome.status === 'completed' && (!stored || payloadOf(stored, outcome.agent) === null)
      ? {
          ...outcome,
          status: 'failed',
          error: `reported success but wrote no ${outcome.agent} payload`,
        }
      : outcome,
  );
}

function buildSummary(
  runs: AgentRun[],
  result: PipelineResult,
  status: 'completed' | 'partial' | 'failed',
): SummaryPayload {
  const statusByAgent: Partial<Record<AgentName, AgentOutcome>> = {};
  const timingsMs: Partial<Record<AgentName, number>> = {};
  const byAgent: SummaryPayload['usage']['by_agent'] = {};
  for (const run of runs) {
    timingsMs[run.agent] = (timingsMs[run.agent] ?? 0) + (run.durationMs ?? 0);
    const totals = byAgent[run.agent] ?? { input_tokens: 0, output_tokens: 0, cost_usd: 0 };
    byAgent[run.agent] = {
      input_tokens: totals.input_tokens + run.inputTokens,
      output_tokens: totals.output_tokens + run.outputTokens,
      cost_usd: Math.round((totals.cost_usd + run.costUsd) * 1e6) / 1e6,
    };
    if (run.agent === 'tagger' || run.agent === 'planner') {
      statusByAgent[run.agent] = run.status === 'succeeded' ? 'completed' : 'failed';
    }
  }
  statusByAgent.tagger ??= 'skipped';
  for (const skipped of result.skipped) statusByAgent[skipped.agent] = 'skipped';
  for (const outcome of result.outcomes) statusByAgent[outcome.agent] = outcome.status;

  const usage = Object.values(byAgent).reduce(
    (sum, agent) => ({
      input_tokens: sum.input_tokens + agent.input_tokens,
      output_tokens: sum.output_tokens + agent.output_tokens,
      cost_usd: Math.round((sum.cost_usd + agent.cost_usd) * 1e6) / 1e6,
    }),
    { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
  );
  const facts = summaryFactsFromSnapshot(result.snapshot);
  const text = writeJobSummary({
    status,
    statusByAgent,
    timingsMs,
    usage: {
      inputTokens: usage.input_tokens,
      outputTokens: usage.output_tokens,
      costUsd: usage.cost_usd,
      priced: allPriced(runs),
      requests: result.modelRequests,
    },
    snapshot: facts,
    skipped: result.skipped,
    failures: result.outcomes
      .filter((outcome) => outcome.status === 'failed')
      .map((outcome) => ({ agent: outcome.agent, error: outcome.error ?? 'failed' })),
  });
  return parseWith(
    summaryPayloadSchema,
    {
      summary: text,
      status,
      status_by_agent: Object.fromEntries(
        AGENT_NAMES.filter((agent) => statusByAgent[agent]).map((agent) => [
          agent,
          statusByAgent[agent],
        ]),
      ),
      timings_ms: Object.fromEntries(
        Object.entries(timingsMs).map(([agent, ms]) => [agent, Math.round(ms)]),
      ),
      usage: { ...usage, by_agent: byAgent },
      totals: {
        total_value_usd: result.snapshot.analytics.total.valueUsd,
        positions: facts.positionCount,
        unpriced_positions: facts.unpricedCount,
        stale_prices: facts.stalePriceCount,
        prices_as_of: result.snapshot.prices.newestAsOf,
        price_notices: result.snapshot.prices.notices,
      },
      routing: { selected: result.selected, skipped: result.skipped, reason: result.routingReason },
    },
    'summary_payload',
  );
}

/** Whether every run that used tokens ran on a model with a known price (else the cost is a lower bound). */
function allPriced(runs: readonly AgentRun[]): boolean {
  return runs.every(
    (run) => run.inputTokens + run.outputTokens === 0 || priceFor(run.model ?? '') !== undefined,
  );
}
