import type { PortfolioSnapshot } from '../agents/portfolio-snapshot.ts';
import { hasRetirementGoals } from '../agents/planner/routing.ts';
// The projection's own modules, not the Retirement agent's index: the Reporter's and the
// Charter's Lambda functions need the projection, not the agent (issue 13).
import { retirementHorizonIssue } from '../agents/retirement/horizon.ts';
import { projectSnapshot, retirementOutlookOf } from '../agents/retirement/outlook.ts';
import type { ReporterInput } from '../agents/reporter/index.ts';
import type { Projection, RetirementOptions } from '../agents/retirement/index.ts';
import { describeError, type FieldIssue } from '../errors.ts';
import type { JobDeps } from './deps.ts';

/** The options a job's retirement projection runs with (the data file for historical models). */
export function jobRetirementOptions(
  deps: Pick<JobDeps, 'historicalReturns' | 'lifeTable'>,
): RetirementOptions | undefined {
  if (!deps.historicalReturns && !deps.lifeTable) return undefined;
  return {
    ...(deps.historicalReturns ? { historicalReturns: deps.historicalReturns } : {}),
    ...(deps.lifeTable ? { lifeTable: deps.lifeTable } : {}),
  };
}

/**
 * Why this job's user, who has retirement goals, has no retirement horizon (the Retirement
 * agent's own refusal, by the rule `alex simulate` refuses by); null when there is one or there
 * are no goals. The planner skips the Retirement agent with it and the report states it, so the
 * job completes and says why there is no projection.
 */
export function jobRetirementHorizonIssue(
  deps: Pick<JobDeps, 'historicalReturns' | 'lifeTable'>,
  snapshot: PortfolioSnapshot,
): FieldIssue | null {
  if (!hasRetirementGoals(snapshot.user)) return null;
  return retirementHorizonIssue(snapshot, jobRetirementOptions(deps));
}

/**
 * The job's one retirement projection, computed by the planner before the specialists start:
 * the retirement agent explains it and the reporter states its readiness figures, so the two
 * outputs give one answer. Null when the user has no retirement goals or no retirement horizon
 * (jobRetirementHorizonIssue says why), or when the projection cannot run; the retirement agent
 * then meets (and reports) the same problem on its own, and the report makes no readiness
 * claim. Runs on `deps.retirementProjector` when there is one (a worker thread, so heartbeats
 * and progress go on meanwhile), else in this thread.
 */
export async function projectJobRetirement(
  deps: Pick<JobDeps, 'historicalReturns' | 'lifeTable' | 'now' | 'logger' | 'retirementProjector'>,
  snapshot: PortfolioSnapshot,
): Promise<Projection | null> {
  if (!hasRetirementGoals(snapshot.user)) return null;
  const options = jobRetirementOptions(deps);
  if (retirementHorizonIssue(snapshot, options) !== null) return null;
  const startYear = deps.now().getUTCFullYear();
  try {
    return deps.retirementProjector
      ? await deps.retirementProjector.project(snapshot, options, startYear)
      : projectSnapshot(snapshot, options, startYear);
  } catch (error) {
    deps.logger.warn(
      { event: 'retirement-projection-failed', error: describeError(error) },
      'retirement projection could not run; the report makes no readiness claim',
    );
    return null;
  }
}

/**
 * What the report is told about retirement: the job's projection, as the readiness figures it
 * states, or, without one, why the profile leaves no horizon (when that is the reason).
 */
export function reporterRetirementInput(
  deps: Pick<JobDeps, 'historicalReturns' | 'lifeTable'>,
  snapshot: PortfolioSnapshot,
  projection: Projection | null,
): Pick<ReporterInput, 'retirementOutlook' | 'retirementHorizonIssue'> {
  if (projection) return { retirementOutlook: retirementOutlookOf(projection) };
  const issue = jobRetirementHorizonIssue(deps, snapshot);
  return issue ? { retirementHorizonIssue: issue } : {};
}
