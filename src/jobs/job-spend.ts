import { createJobSpend, type JobSpend } from '../llm/index.ts';
import type { JobDeps } from './deps.ts';

/**
 * The job's spend as stored by its earlier requests and attempts, ready to check and add to.
 * Every request's usage is written to job_spend before the next request is checked, so a new
 * attempt, or a specialist running in another process, starts from what was really spent.
 */
export async function openJobSpend(deps: JobDeps, jobId: string): Promise<JobSpend> {
  return createJobSpend({
    ceiling: deps.settings.spendCeiling,
    initial: await deps.repositories.jobSpend.get(jobId),
    load: () => deps.repositories.jobSpend.get(jobId),
    store: (usage) => deps.repositories.jobSpend.add(jobId, usage),
  });
}
