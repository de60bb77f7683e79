import { describe, expect, it } from 'vitest';
import type { PortfolioSnapshot } from '../../agents/portfolio-snapshot.ts';
import type { SpecialistName } from '../../contracts/jobs.ts';
import {
  DEADLINE_MARGIN_MS,
  DEFAULT_JOB_SETTINGS,
  type JobDeps,
  type SpecialistRunner,
} from '../../jobs/index.ts';
import type { LambdaContext } from './events.ts';
import {
  depsWithinInvocation,
  guardSpecialistRunner,
  SPECIALIST_INVOKE_MS,
  STOP_BEFORE_LIMIT_MS,
} from './time-guard.ts';

/** A Lambda context on a fake clock: the invocation ends `limitMs` after the clock's start. */
function invocation(limitMs: number) {
  let elapsedMs = 0;
  const context: LambdaContext = { getRemainingTimeInMillis: () => limitMs - elapsedMs };
  return {
    context,
    spend: (ms: number) => {
      elapsedMs += ms;
    },
  };
}

// The guard decides only whether to start; what it starts is this runner, which records the
// invoke and uses up `invokeMs` of the invocation's clock, as a synchronous Lambda invoke does.
function invokingRunner(spend: (ms: number) => void, invokeMs: number) {
  const invoked: SpecialistName[] = [];
  const runner: SpecialistRunner = (agent) => {
    invoked.push(agent);
    spend(invokeMs);
    return Promise.resolve({ agent, status: 'completed', elapsedMs: invokeMs, model: 'offline' });
  };
  return { runner, invoked };
}

const snapshot = {} as PortfolioSnapshot;

describe("the planner's time guard", () => {
  it('starts no specialist invoke the time left cannot cover, and says why', async () => {
    // 750 s left; each invoke takes 200 s: after two, 350 s remain, less than 310 + 50 s.
    const { context, spend } = invocation(750_000);
    const { runner, invoked } = invokingRunner(spend, 200_000);
    const guarded = guardSpecialistRunner(runner, context);

    const outcomes = await Promise.all(
      (['reporter', 'charter', 'retirement'] as const).map((agent) =>
        guarded(agent, 'job-1', snapshot),
      ),
    );

    expect(invoked).toEqual(['reporter', 'charter']);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['completed', 'completed', 'failed']);
    expect(outcomes[2]).toMatchObject({ agent: 'retirement', elapsedMs: 0, model: null });
    expect(outcomes[2]?.error).toBe(
      'not started: the planner had 350 s left before its Lambda time limit; the retirement ' +
        'may need 310 s, and 50 s are kept to record it and finish the job',
    );
  });

  it('starts an invoke when exactly its run and both margins are left, and not a millisecond less', async () => {
    const enough = SPECIALIST_INVOKE_MS + DEADLINE_MARGIN_MS + STOP_BEFORE_LIMIT_MS;
    const { context, spend } = invocation(enough);
    const { runner, invoked } = invokingRunner(spend, 1);
    const guarded = guardSpecialistRunner(runner, context);
    await guarded('charter', 'job-1', snapshot);
    // The first invoke used 1 ms of the clock: the same agent again is now refused.
    expect(await guarded('charter', 'job-1', snapshot)).toMatchObject({ status: 'failed' });
    expect(invoked).toEqual(['charter']);
  });

  it("ends a job's deadline 30 s before the invocation's end, never after the usual deadline", () => {
    const deps = { settings: { ...DEFAULT_JOB_SETTINGS } } as JobDeps;
    const deadlineOf = (limitMs: number) =>
      depsWithinInvocation(deps, invocation(limitMs).context).settings.jobDeadlineMs;

    expect(deadlineOf(600_000)).toBe(570_000);
    expect(deadlineOf(20_000)).toBe(0);
    // A whole fresh invocation: the job's own 900 s deadline is the shorter one.
    expect(DEFAULT_JOB_SETTINGS.jobDeadlineMs).toBe(900_000);
    expect(deadlineOf(2_000_000)).toBe(900_000);
    expect(depsWithinInvocation(deps, undefined)).toBe(deps);
    // The other settings are kept.
    expect(depsWithinInvocation(deps, invocation(600_000).context).settings).toEqual({
      ...DEFAULT_JOB_SETTINGS,
      jobDeadlineMs: 570_000,
    });
  });
});
