import type { JobQueue } from '../queue/job-queue.ts';
import type { Job, Repositories } from '../store/repositories/index.ts';
import type { Logger } from '../log.ts';

export interface ReapResult {
  requeued: string[];
  failed: string[];
  /** Pending jobs whose message was sent again. */
  resent: string[];
}

// A pending job normally waits seconds. One still pending after this long lost its message
// (a queue that dead-lettered it before the claim, or a process that died between creating the
// job and sending it); sending again is safe because a claim is atomic.
export const STALE_PENDING_MS = 10 * 60_000;

/**
 * Jobs still `running` past their deadline lost their worker (it crashed or hung). Each goes
 * back to the queue while it has attempts left, and is failed with the reason otherwise.
 * `now` is the moment to compare deadlines with; an embedded single-process worker passes a
 * far-future time at start-up, since no other process can be running its jobs.
 */
export async function reapOverdueJobs(
  deps: { repositories: Pick<Repositories, 'jobs'>; queue: Pick<JobQueue, 'send'>; logger: Logger },
  now: Date,
): Promise<ReapResult> {
  const result: ReapResult = { requeued: [], failed: [], resent: [] };
  for (const job of await deps.repositories.jobs.listOverdue(now)) {
    const outcome = await returnOverdueJob(deps.repositories, job);
    if (outcome === 'requeued') {
      await deps.queue.send(job.id);
      result.requeued.push(job.id);
    } else if (outcome === 'failed') {
      result.failed.push(job.id);
    }
  }
  const stalePendingBefore = new Date(now.getTime() - STALE_PENDING_MS);
  for (const jobId of await deps.repositories.jobs.listStalePending(stalePendingBefore)) {
    await deps.queue.send(jobId);
    result.resent.push(jobId);
  }
  if (result.requeued.length || result.failed.length || result.resent.length) {
    deps.logger.warn({ event: 'job-reap', ...result });
  }
  return result;
}

/**
 * One job still `running` past its deadline: back to pending while it has attempts left,
 * failed with the reason otherwise. 'gone' when another process got to it first.
 */
export async function returnOverdueJob(
  repositories: Pick<Repositories, 'jobs'>,
  job: Pick<Job, 'id' | 'attempts' | 'maxAttempts'>,
): Promise<'requeued' | 'failed' | 'gone'> {
  const reason = `attempt ${job.attempts} of ${job.maxAttempts} did not finish by its deadline (worker lost)`;
  if (job.attempts >= job.maxAttempts) {
    await repositories.jobs.fail(job.id, reason);
    return 'failed';
  }
  return (await repositories.jobs.requeue(job.id, ['running'], reason)) ? 'requeued' : 'gone';
}

/** Whether a running job has outlived its deadline (its worker is gone). */
export function isOverdue(job: Pick<Job, 'status' | 'deadlineAt'>, now: Date): boolean {
  return (
    job.status === 'running' &&
    job.deadlineAt !== null &&
    Date.parse(job.deadlineAt) < now.getTime()
  );
}
