// Lambda stops the planner at its time limit (900 s) wherever it is: mid-write, with the job
// left `running` until a later delivery or the reaper finds it. So the planner keeps the end
// of its invocation in view. Each job it runs gets a deadline STOP_BEFORE_LIMIT_MS before that
// end: every agent run is cut short to end before the deadline (less the pipeline's own margin
// for writing the summary, jobs/settings.ts), and the job is finished `partial` or `failed`
// with the reason instead of being killed. A specialist function is not invoked at all when
// its whole run would not end by then too, since the planner could not wait for its answer.
import {
  DEADLINE_MARGIN_MS,
  type JobDeps,
  type SpecialistOutcome,
  type SpecialistRunner,
} from '../../jobs/index.ts';
import type { LambdaContext } from './events.ts';

/** The planner is done with its job this long before Lambda's limit. */
export const STOP_BEFORE_LIMIT_MS = 30_000;

// A specialist function may run 300 s (local.specialist_timeout_seconds in
// infra/terraform/agents/agents.tf), and the planner waits 10 s more for the invoke itself
// (SPECIALIST_FUNCTION_LIMIT_MS + INVOKE_MARGIN_MS in runtime.ts).
export const SPECIALIST_INVOKE_MS = 310_000;

/** What is left of this invocation for a job, once the stop margin is kept. */
export function jobTimeLeftMs(context: LambdaContext): number {
  return context.getRemainingTimeInMillis() - STOP_BEFORE_LIMIT_MS;
}

/**
 * The job dependencies for a job started now in this invocation: its deadline is no later than
 * STOP_BEFORE_LIMIT_MS before the invocation ends. Without a context (a direct call outside
 * Lambda) the deadline is the usual one.
 */
export function depsWithinInvocation(deps: JobDeps, context: LambdaContext | undefined): JobDeps {
  if (!context) return deps;
  const jobDeadlineMs = Math.max(0, Math.min(deps.settings.jobDeadlineMs, jobTimeLeftMs(context)));
  return { ...deps, settings: { ...deps.settings, jobDeadlineMs } };
}

/**
 * A specialist runner that invokes only while the invocation has time for the specialist's
 * whole run, ending, like any agent run, DEADLINE_MARGIN_MS before the job's deadline;
 * otherwise the specialist fails without being started, with the reason, and the planner
 * finishes the job with what it has.
 */
export function guardSpecialistRunner(
  runner: SpecialistRunner,
  context: LambdaContext,
  neededMs: number = SPECIALIST_INVOKE_MS,
): SpecialistRunner {
  return async (agent, jobId, snapshot): Promise<SpecialistOutcome> => {
    const leftMs = jobTimeLeftMs(context);
    if (leftMs - DEADLINE_MARGIN_MS < neededMs) {
      return {
        agent,
        status: 'failed',
        error:
          `not started: the planner had ${seconds(leftMs + STOP_BEFORE_LIMIT_MS)} s left before ` +
          `its Lambda time limit; the ${agent} may need ${seconds(neededMs)} s, and ` +
          `${seconds(DEADLINE_MARGIN_MS + STOP_BEFORE_LIMIT_MS)} s are kept to record it and ` +
          `finish the job`,
        elapsedMs: 0,
        model: null,
      };
    }
    return runner(agent, jobId, snapshot);
  };
}

function seconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}
