import type { AgentResult } from '../agents/agent.ts';
import type { PortfolioSnapshot } from '../agents/portfolio-snapshot.ts';
import type { Projection } from '../agents/retirement/index.ts';
import type { SpecialistName } from '../contracts/jobs.ts';
import { describeError, isRetryable } from '../errors.ts';
import type { AttemptBudget, JobSpend } from '../llm/index.ts';
import type { Job } from '../store/repositories/index.ts';
import type { JobDeps } from './deps.ts';
import {
  jobRetirementOptions,
  projectJobRetirement,
  reporterRetirementInput,
} from './retirement-projection.ts';
import { runRecordedAgent } from './run-agent.ts';

/** How one specialist ended for a job (after its retries). */
export interface SpecialistOutcome {
  agent: SpecialistName;
  status: 'completed' | 'failed';
  error?: string;
  elapsedMs: number;
  model: string | null;
}

/** What a specialist may use of the job: model requests, spend and time. */
export interface SpecialistLimits {
  /** The job's shared budget of model requests. */
  budget: AttemptBudget;
  /** The job's token and dollar spend. */
  spend?: JobSpend;
}

/** Runs one specialist for a job: in this process, or remotely (a Lambda) in the AWS setup. */
export type SpecialistRunner = (
  agent: SpecialistName,
  jobId: string,
  snapshot: PortfolioSnapshot,
) => Promise<SpecialistOutcome>;

/**
 * Run one specialist on the job's snapshot in this process, retrying retryable failures
 * (timeouts, provider outages) up to the configured attempts, and store its payload. Only this
 * specialist's payload column is written. Never throws for the agent's own failure: the
 * outcome says it failed and why, so the other specialists' results are kept.
 */
export async function runSpecialist(
  deps: JobDeps,
  jobId: string,
  agent: SpecialistName,
  snapshot: PortfolioSnapshot,
  limits: SpecialistLimits,
  /**
   * The job attempt this run belongs to: its payload is written only while that attempt runs,
   * and each run ends before the attempt's deadline.
   */
  jobAttempt?: Pick<Job, 'attempts' | 'deadlineAt'>,
  /**
   * The job's retirement projection when the planner computed it (null: there is none);
   * undefined where it was not (a specialist Lambda), which then computes the same one.
   */
  projection?: Projection | null,
): Promise<SpecialistOutcome> {
  const startedMs = performance.now();
  let lastError = 'not run';
  for (let attempt = 1; attempt <= deps.settings.specialistAttempts; attempt += 1) {
    const willRetry = attempt < deps.settings.specialistAttempts;
    try {
      const result = await runOnce(
        deps,
        jobId,
        agent,
        snapshot,
        limits,
        { willRetryOnFailure: willRetry, deadlineAt: jobAttempt?.deadlineAt ?? null },
        projection,
      );
      const saved = await deps.repositories.jobs.savePayload(
        jobId,
        agent,
        result.output,
        jobAttempt?.attempts,
      );
      if (!saved) {
        return {
          agent,
          status: 'failed',
          error: 'the job was no longer running when the payload was ready; nothing was written',
          elapsedMs: performance.now() - startedMs,
          model: result.model,
        };
      }
      return {
        agent,
        status: 'completed',
        elapsedMs: performance.now() - startedMs,
        model: result.model,
      };
    } catch (error) {
      lastError = describeError(error);
      if (!isRetryable(error) || !willRetry) break;
    }
  }
  return {
    agent,
    status: 'failed',
    error: lastError,
    elapsedMs: performance.now() - startedMs,
    model: null,
  };
}

async function runOnce(
  deps: JobDeps,
  jobId: string,
  agent: SpecialistName,
  snapshot: PortfolioSnapshot,
  limits: SpecialistLimits,
  run: { willRetryOnFailure: boolean; deadlineAt: string | null },
  projection: Projection | null | undefined,
): Promise<AgentResult<unknown>> {
  const options = {
    jobId,
    budget: limits.budget,
    ...(limits.spend ? { spend: limits.spend } : {}),
    timeoutMs: deps.settings.specialistTimeoutMs,
    ...run,
  };
  switch (agent) {
    case 'reporter': {
      const shared =
        projection === undefined ? await projectJobRetirement(deps, snapshot) : projection;
      return runRecordedAgent(
        deps,
        deps.agents.reporter,
        { snapshot, ...reporterRetirementInput(deps, snapshot, shared) },
        options,
      );
    }
    case 'charter':
      return runRecordedAgent(deps, deps.agents.charter, { snapshot }, options);
    case 'retirement':
      return runRecordedAgent(
        deps,
        deps.agents.retirement,
        {
          snapshot,
          ...(deps.historicalReturns || deps.lifeTable
            ? { options: jobRetirementOptions(deps) }
            : {}),
          ...(projection ? { projection } : {}),
        },
        options,
      );
  }
}
