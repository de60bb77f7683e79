// A worker whose job was taken over (its heartbeat went quiet, the reaper gave the job to a new
// attempt) wakes up and crashes: whatever it then writes (back to the queue, failed, alive)
// must leave the new attempt alone. Two attempts of one job run here side by side against the
// real database, each stopped inside its planner until the test lets it go on.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentDefinition } from '../../src/agents/agent.ts';
import type { PlannerInput, PlannerOutput } from '../../src/agents/planner/index.ts';
import { InputError, UpstreamError } from '../../src/errors.ts';
import { handleJobMessage, reapOverdueJobs, submitJob } from '../../src/jobs/index.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';
import { DATABASE_ENGINES, type TestDatabase } from '../helpers/database.ts';
import { createTestJobDeps, TEST_NOW } from '../helpers/job-deps.ts';

/** A planner that stops until released, then runs the real one or fails with `error`. */
function heldPlanner(real: AgentDefinition<PlannerInput, PlannerOutput>) {
  let markStarted: () => void = () => undefined;
  let release: (error?: Error) => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const released = new Promise<Error | undefined>((resolve) => {
    release = resolve;
  });
  const agent: AgentDefinition<PlannerInput, PlannerOutput> = {
    ...real,
    async run(input, context) {
      markStarted();
      const error = await released;
      if (error) throw error;
      return real.run(input, context);
    },
  };
  return { agent, started, release };
}

for (const engine of DATABASE_ENGINES) {
  const suite = engine.available ? describe : describe.skip;
  suite(`a taken-over attempt on ${engine.name}`, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await engine.create();
    });
    afterEach(async () => {
      await database.close();
    });

    it.each([
      [
        'a retryable crash (it would send the job back to the queue)',
        () => new UpstreamError('openai', 'overloaded', { status: 503 }),
      ],
      [
        'a crash that is not retryable (it would fail the job)',
        () => InputError.field('request', 'bad'),
      ],
    ])('changes nothing of the new attempt: %s', async (_, crash) => {
      const base = createTestJobDeps(database);
      const { repositories } = base;
      await seedDemoPortfolio(repositories);
      const queue = { send: () => Promise.resolve() };
      const job = await submitJob({ repositories, queue }, DEMO_USER_ID, {
        analysis_type: 'portfolio_analysis',
      });

      const first = heldPlanner(base.deps.agents.planner);
      const firstAttempt = handleJobMessage(
        { ...base.deps, agents: { ...base.deps.agents, planner: first.agent } },
        { job_id: job.id },
      );
      await first.started;

      // Its heartbeat goes quiet (the worker froze): the reaper hands the job to a new attempt.
      await sql`UPDATE jobs SET heartbeat_at = now() - interval '1 hour' WHERE id = ${job.id}`.execute(
        database.db,
      );
      const reaped = await reapOverdueJobs(
        { repositories, queue, logger: base.deps.logger, heartbeatTimeoutMs: 90_000 },
        TEST_NOW,
      );
      expect(reaped.requeued).toEqual([job.id]);
      const second = heldPlanner(base.deps.agents.planner);
      const secondAttempt = handleJobMessage(
        { ...base.deps, agents: { ...base.deps.agents, planner: second.agent } },
        { job_id: job.id },
      );
      await second.started;
      expect(await repositories.jobs.get(DEMO_USER_ID, job.id)).toMatchObject({
        status: 'running',
        attempts: 2,
      });

      // The first worker wakes up and crashes.
      const error = crash();
      first.release(error);
      await firstAttempt.catch((thrown: unknown) => expect(thrown).toBe(error));
      expect(await repositories.jobs.get(DEMO_USER_ID, job.id)).toMatchObject({
        status: 'running',
        attempts: 2,
        error: null,
      });
      // Nor can it keep the job alive: its heartbeat is refused, the new attempt's is not.
      expect(await repositories.jobs.heartbeat(job.id, 1)).toBe(false);
      expect(await repositories.jobs.heartbeat(job.id, 2)).toBe(true);

      second.release();
      expect(await secondAttempt).toEqual({
        kind: 'processed',
        jobId: job.id,
        status: 'completed',
      });
      expect(await repositories.jobs.get(DEMO_USER_ID, job.id)).toMatchObject({
        status: 'completed',
        attempts: 2,
        error: null,
      });
    });
  });
}
