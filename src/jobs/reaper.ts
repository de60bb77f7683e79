import type { JobQueue } from '../queue/job-queue.ts';
import type { AbandonedJob, Repositories } from '../store/repositories/index.ts';
import type { Logger } from '../log.ts';

export interface ReapResult {
  requeued: string[];
  failed: string[];
  /** Pending jobs whose message was sent again. */
  resent: string[];
}

// A pending job normally waits seconds. One still pending after this long lost its message
// (a queue that dead-lettered it before the claim, or a process that died between creating the
// job and sending it), or waits in a backlog, which a queue that counts its messages tells
// apart (listLostMessages); sending again is safe because a claim is atomic.
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
    queue: Pick<JobQueue, 'send' | 'countMessages'>;
    logger: Logger;
    heartbeatTimeoutMs: number;
  },
  now: Date,
): Promise<ReapResult> {
  const result: ReapResult = { requeued: [], failed: [], resent: [] };
  // Lost messages first: the counts it compares must not include this pass's own requeues.
  for (const jobId of await listLostMessages(deps, now)) {
    await deps.queue.send(jobId);
    result.resent.push(jobId);
  }
  // One batch a pass (ABANDONED_JOBS_PER_READ, job-repository.ts): every job read leaves
  // `running` here (requeued, failed, or already taken on by another process), so the next pass
  // reads the next batch. Passes repeat: every two heartbeat intervals in `alex worker`, and on
  // AWS each time EventBridge Scheduler sends the planner the reap event (every few minutes,
  // infra/terraform/agents/scheduler.tf). The embedded worker's start-up pass (a far-future `now`)
  // leaves any rest to its periodic passes, which find them once their heartbeat is stale.
  for (const job of await deps.repositories.jobs.listAbandoned(now, deps.heartbeatTimeoutMs)) {
    const outcome = await returnOverdueJob(deps.repositories, job);
    if (outcome === 'requeued') {
      await deps.queue.send(job.id);
      result.requeued.push(job.id);
    } else if (outcome === 'failed') {
      result.failed.push(job.id);
    }
  }
  if (result.requeued.length || result.failed.length || result.resent.length) {
    deps.logger.warn({ event: 'job-reap', ...result });
  }
  return result;
}

/**
 * The stale pending jobs to send again. A queue that can count its messages (SQS) may hold a
 * backlog, where a job waits its turn for far longer than STALE_PENDING_MS; a copy of its
 * message would only take a planner slot later. Every pending job with a message accounts for
 * one waiting message, or one in flight beyond those of the running jobs (a failed attempt
 * waiting for its retry), so only the pending jobs the queue holds no message for can have lost
 * theirs: that many are resent, the longest-waiting first. Duplicates and the counts' lag only
 * hold a resend back, never add one; a job held back is sent on a later pass once the backlog
 * has drained.
 */
async function listLostMessages(
  deps: {
    repositories: Pick<Repositories, 'jobs'>;
    queue: Pick<JobQueue, 'countMessages'>;
    logger: Logger;
  },
  now: Date,
): Promise<string[]> {
  const stalePendingBefore = new Date(now.getTime() - STALE_PENDING_MS);
  const stale = await deps.repositories.jobs.listStalePending(stalePendingBefore);
  if (stale.length === 0 || !deps.queue.countMessages) return stale;
  const messages = await deps.queue.countMessages();
  const jobs = await deps.repositories.jobs.countPendingAndRunning();
  const messagesOfPendingJobs = messages.waiting + Math.max(0, messages.inFlight - jobs.running);
  const lost = Math.max(0, jobs.pending - messagesOfPendingJobs);
  if (lost < stale.length) {
    deps.logger.info({
      event: 'job-resend-hold',
      stalePending: stale.length,
      pending: jobs.pending,
      running: jobs.running,
      ...messages,
    });
  }
  return stale.slice(0, lost);
}

/**
 * One abandoned running job: back to pending while it has attempts left, failed with the reason
 * otherwise; both only if the job is still in the attempt that was found abandoned. 'gone' when
 * another process got to it first (or its worker finished it meanwhile).
 */
export async function returnOverdueJob(
  repositories: Pick<Repositories, 'jobs'>,
  job: AbandonedJob,
): Promise<'requeued' | 'failed' | 'gone'> {
  const reason = `attempt ${job.attempts} of ${job.maxAttempts} lost its worker (no heartbeat, or past its deadline)`;
  if (job.attempts >= job.maxAttempts) {
    return (await repositories.jobs.fail(job.id, reason, job.attempts)) ? 'failed' : 'gone';
  }
  return (await repositories.jobs.requeue(job.id, ['running'], reason, job.attempts))
    ? 'requeued'
    : 'gone';
}
