import { portfolioSnapshotSchema } from '../../agents/portfolio-snapshot.ts';
import type { SpecialistName } from '../../contracts/jobs.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
// The modules themselves, not jobs/index.ts, whose pipeline would bring the planner agent in.
import { openJobSpend } from '../../jobs/job-spend.ts';
import { runSpecialist, type SpecialistOutcome } from '../../jobs/run-specialist.ts';
import { createAttemptBudget } from '../../llm/index.ts';
import { parseWith } from '../../parse-json.ts';
import { jobEventSchema } from './events.ts';
import type { LambdaRuntime } from './container.ts';

/**
 * A specialist function: `{"job_id"}` in, the job's snapshot read from the database, this
 * specialist's payload written (and nothing else), the outcome returned to the planner.
 */
export function createSpecialistHandler(
  agent: SpecialistName,
  runtime: () => Promise<LambdaRuntime>,
) {
  return async (event: unknown): Promise<SpecialistOutcome> => {
    const { job_id: jobId } = parseWith(jobEventSchema, event, 'event');
    const { jobs } = await runtime();
    const job = await jobs.deps.repositories.jobs.findForWorker(jobId);
    if (!job?.snapshot) throw new NotFoundError('job snapshot', jobId);
    // A late or repeated invoke must not write into a job that has already been finished.
    if (job.status !== 'running')
      throw new ConflictError(`job ${jobId} is ${job.status}, not running`);
    const snapshot = parseWith(portfolioSnapshotSchema, job.snapshot, 'jobs.snapshot');
    return runSpecialist(
      jobs.deps,
      jobId,
      agent,
      snapshot,
      {
        budget: createAttemptBudget(jobs.deps.settings.modelAttemptsPerJob),
        spend: await openJobSpend(jobs.deps, jobId),
      },
      job,
    );
  };
}
