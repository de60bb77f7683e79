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
 * Jobs still `running` whose worker is gone (it crashed, was killed or hung): past their
 * deadline, or with no heartbeat for `heartbeatTimeoutMs`. Each goes back to the queue while it
 * has attempts left, and is failed with the reason otherwise. `now` is the moment to compare
 * deadlines with; an embedded single-process worker passes a far-future time at start-up, since
 * no other process can be running its jobs.
 */
export async function reapOverdueJobs(
  deps: {
    repositories: Pick<Repositories, 'jobs'>;
    queue: Pick<JobQueue, 'send'>;
    logger: Logger;
    heartbeatTimeoutMs: number;
  },
  now: Date,
): Promise<ReapResult> {
  const result: ReapResult = { requeued: [], failed: [], resent: [] };
  for (const job of await deps.repositories.jobs.listAbandoned(now, deps.heartbeatTimeoutMs)) {
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
 * One abandoned running job: back to pending while it has attempts left, failed with the reason
 * otherwise; both only if the job is still in the attempt that was found abandoned. 'gone' when
 * another process got to it first (or its worker finished it meanwhile).
 */
export async function returnOverdueJob(
  repositories: Pick<Repositories, 'jobs'>,
  job: Pick<Job, 'id' | 'attempts' | 'maxAttempts'>,
): Promise<'requeued' | 'failed' | 'gone'> {
  const reason = `attempt ${job.attempts} of ${job.maxAttempts} lost its worker (no heartbeat, or past its deadline)`;
  if (job.attempts >= job.maxAttempts) {
    return (await repositories.jobs.fail(job.id, reason, job.attempts)) ? 'failed' : 'gone';
  }
  return (await repositories.jobs.requeue(job.id, ['running'], reason, job.attempts))
    ? 'requeued'
    : 'gone';
}
