import { portfolioSnapshotSchema, type PortfolioSnapshot } from '../agents/portfolio-snapshot.ts';
import { routingFactsFromSnapshot } from '../agents/planner/index.ts';
import { createAttemptBudget, type AttemptBudget } from '../llm/index.ts';
import { parseWith } from '../parse-json.ts';
import type { Job } from '../store/repositories/index.ts';
import { buildSnapshot } from './build-snapshot.ts';
import type { JobDeps } from './deps.ts';
import { finishJob } from './finish-job.ts';
import { payloadOf } from './payloads.ts';
import { runRecordedAgent } from './run-agent.ts';
import { runSpecialist, type SpecialistOutcome, type SpecialistRunner } from './run-specialist.ts';
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
  const budget = createAttemptBudget(deps.settings.modelAttemptsPerJob);
  const snapshot = job.snapshot
    ? parseWith(portfolioSnapshotSchema, job.snapshot, 'jobs.snapshot')
    : await prepareSnapshot(deps, job, budget);

  const routing = await runRecordedAgent(
    deps,
    deps.agents.planner,
    {
      ...(job.request.request ? { request: job.request.request } : {}),
      ...(job.request.agents ? { requestedAgents: job.request.agents } : {}),
      facts: routingFactsFromSnapshot(snapshot),
    },
    {
      jobId: job.id,
      budget,
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
  const runner: SpecialistRunner =
    options.runSpecialist ??
    ((agent, jobId, jobSnapshot) => runSpecialist(deps, jobId, agent, jobSnapshot, budget, job));
  const outcomes: SpecialistOutcome[] = await Promise.all(
    toRun.map((agent) => runner(agent, job.id, snapshot)),
  );

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

async function prepareSnapshot(
  deps: JobDeps,
  job: Job,
  budget: AttemptBudget,
): Promise<PortfolioSnapshot> {
  const initial = await deps.repositories.portfolios.load(job.userId);
  await tagInstruments(deps, job.id, initial, budget, job.deadlineAt);
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
