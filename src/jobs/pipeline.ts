import { portfolioSnapshotSchema, type PortfolioSnapshot } from '../agents/portfolio-snapshot.ts';
import { routingFactsFromSnapshot } from '../agents/planner/index.ts';
import { createAttemptBudget, spendLimitError, type JobSpend } from '../llm/index.ts';
import { parseWith } from '../parse-json.ts';
import type { Job } from '../store/repositories/index.ts';
import { buildSnapshot } from './build-snapshot.ts';
import type { JobDeps } from './deps.ts';
import { finishJob } from './finish-job.ts';
import { openJobSpend } from './job-spend.ts';
import { payloadOf } from './payloads.ts';
import { jobRetirementHorizonIssue, projectJobRetirement } from './retirement-projection.ts';
import { runRecordedAgent } from './run-agent.ts';
import {
  runSpecialist,
  type SpecialistLimits,
  type SpecialistOutcome,
  type SpecialistRunner,
} from './run-specialist.ts';
import { bySymbol, tagInstruments } from './tag-instruments.ts';

/**
 * The planner pipeline for one claimed job: tag → prices → one snapshot → routing → the
 * specialists concurrently → summary and final status. A re-run keeps the snapshot and the
 * payloads already written, and runs only the specialists that have none.
 */
export async function runPipeline(
  deps: JobDeps,
  job: Job,
  options: { runSpecialist?: SpecialistRunner } = {},
): Promise<'completed' | 'partial' | 'failed'> {
  // Every agent of this attempt shares one clock: none may run past the job's deadline.
  const budget = createAttemptBudget(deps.settings.modelAttemptsPerJob);
  const spend = await openJobSpend(deps, job.id);
  const limits = { budget, spend };
  const snapshot = job.snapshot
    ? parseWith(portfolioSnapshotSchema, job.snapshot, 'jobs.snapshot')
    : await prepareSnapshot(deps, job, limits);

  const routing = await runRecordedAgent(
    deps,
    deps.agents.planner,
    {
      ...(job.request.request ? { request: job.request.request } : {}),
      ...(job.request.agents ? { requestedAgents: job.request.agents } : {}),
      facts: routingFactsFromSnapshot(snapshot, jobRetirementHorizonIssue(deps, snapshot)),
    },
    {
      jobId: job.id,
      ...limits,
      timeoutMs: deps.settings.plannerTimeoutMs,
      deadlineAt: job.deadlineAt,
    },
  );
  const selected = routing.output.agents;
  for (const skipped of routing.output.skipped) {
    deps.onProgress?.({
      type: 'agent-skipped',
      jobId: job.id,
      agent: skipped.agent,
      at: deps.now().toISOString(),
      reason: skipped.reason,
    });
  }

  const alreadyDone = selected.filter((agent) => payloadOf(job, agent) !== null);
  const toRun = selected.filter((agent) => !alreadyDone.includes(agent));
  // One retirement projection for the job, before the specialists start, so the report's
  // readiness and the retirement payload come from the same run. A remote runner (the
  // specialist Lambdas) computes it where the agents run instead.
  const projection =
    !options.runSpecialist && toRun.some((agent) => agent === 'reporter' || agent === 'retirement')
      ? await projectJobRetirement(deps, snapshot)
      : undefined;
  const runner: SpecialistRunner =
    options.runSpecialist ??
    ((agent, jobId, jobSnapshot) =>
      runSpecialist(deps, jobId, agent, jobSnapshot, limits, job, projection));
  const outcomes: SpecialistOutcome[] = await Promise.all(
    toRun.map((agent) => runner(agent, job.id, snapshot)),
  );
  await failAtSpendCeiling(spend, outcomes);

  return finishJob(deps, job, {
    snapshot,
    selected,
    skipped: routing.output.skipped,
    outcomes: [
      ...alreadyDone.map((agent): SpecialistOutcome => ({
        agent,
        status: 'completed',
        elapsedMs: 0,
        model: null,
      })),
      ...outcomes,
    ],
    routingReason: routing.output.reason,
    modelRequests: budget.used,
  });
}

/**
 * A specialist stopped by the spend ceiling fails the whole job with the ceiling's reason and
 * the spend: a partial result would hide that the job ran out of money, and another attempt
 * could only fail the same way. The stored total counts specialists run in other processes.
 */
async function failAtSpendCeiling(
  spend: JobSpend,
  outcomes: readonly SpecialistOutcome[],
): Promise<void> {
  if (!outcomes.some((outcome) => outcome.status === 'failed')) return;
  await spend.refresh();
  if (spend.reached()) throw spendLimitError(spend.spent(), spend.ceiling);
}

async function prepareSnapshot(
  deps: JobDeps,
  job: Job,
  limits: SpecialistLimits,
): Promise<PortfolioSnapshot> {
  const initial = await deps.repositories.portfolios.load(job.userId);
  await tagInstruments(deps, job.id, initial, limits, job.deadlineAt);
  const symbols = Object.keys(initial.portfolio.instruments);
  const refresh = await deps.refreshPrices(symbols);
  await deps.repositories.instruments.savePrices(
    bySymbol(refresh.updated).map((quote) => ({
      symbol: quote.symbol,
      priceUsd: quote.priceUsd,
      source: quote.source,
      asOf: quote.asOf,
    })),
  );
  const loaded = await deps.repositories.portfolios.load(job.userId);
  const snapshot = buildSnapshot(loaded, refresh, deps.now());
  await deps.repositories.jobs.saveSnapshot(job.id, snapshot, job.attempts);
  return snapshot;
}
