import { jobMessageSchema } from '../contracts/queue-message.ts';
import { describeError, isRetryable } from '../errors.ts';
import { parseWith } from '../parse-json.ts';
import type { Job } from '../store/repositories/index.ts';
import type { JobDeps } from './deps.ts';
import { runPipeline } from './pipeline.ts';
import { returnOverdueJob } from './reaper.ts';
import type { SpecialistRunner } from './run-specialist.ts';

export type MessageOutcome =
  | { kind: 'processed'; jobId: string; status: 'completed' | 'partial' | 'failed' }
  | { kind: 'duplicate'; jobId: string; status: string }
  | { kind: 'unknown-job'; jobId: string };

/**
 * A queue delivered a message: claim the job (pending → running, atomically) and run the
 * pipeline, marking the job alive (heartbeat) while it runs. A duplicate delivery of a running
 * or finished job is acknowledged and does nothing. If the pipeline itself crashes with a
 * retryable error (a timeout, a provider outage, a lost database connection), the job goes back
 * to pending while attempts remain and the error is rethrown so the queue delivers again; on
 * the last attempt the job is failed with the reason and the error still reaches the queue (and
 * so its dead-letter queue). An error that would recur (bad input, configuration, a model answer
 * that failed its repair) fails the job at once and the message is acknowledged. Every write
 * names the attempt: a worker whose job was taken over changes nothing of the new attempt.
 */
export async function handleJobMessage(
  deps: JobDeps,
  body: unknown,
  options: {
    runSpecialist?: SpecialistRunner;
    /**
     * This is the message's last delivery (SQS's maxReceiveCount): a crash fails the job even
     * with attempts left, since no further delivery will run it (the message goes to the
     * dead-letter queue) and a job sent back to pending would wait there for nothing.
     */
    lastDelivery?: boolean;
  } = {},
): Promise<MessageOutcome> {
  const { job_id: jobId } = parseWith(jobMessageSchema, body, 'message');
  const claimed = await claimOrTakeOver(deps, jobId);
  if (claimed.kind !== 'claimed') return claimed;
  const { job } = claimed;
  if (job.attempts > 1) {
    // Runs a lost worker left open are closed, so the record says what happened to them.
    await deps.repositories.agentRuns.abandonRunning(
      jobId,
      `worker lost during attempt ${job.attempts - 1}`,
    );
  }
  deps.onProgress?.({
    type: 'job-claimed',
    jobId,
    attempt: job.attempts,
    at: deps.now().toISOString(),
  });
  deps.logger.info({ event: 'job-claim', jobId, attempt: job.attempts });
  const stopHeartbeat = startHeartbeat(deps, job);
  try {
    const status = await runPipeline(deps, job, options);
    return { kind: 'processed', jobId, status };
  } catch (error) {
    return await recordCrash(deps, job, error, options.lastDelivery ?? false);
  } finally {
    stopHeartbeat();
  }
}

async function claimOrTakeOver(
  deps: JobDeps,
  jobId: string,
): Promise<{ kind: 'claimed'; job: Job } | Exclude<MessageOutcome, { kind: 'processed' }>> {
  const deadline = new Date(deps.now().getTime() + deps.settings.jobDeadlineMs);
  const job = await deps.repositories.jobs.claim(jobId, deadline);
  if (job) return { kind: 'claimed', job };
  const existing = await deps.repositories.jobs.findForWorker(jobId);
  if (!existing) {
    deps.logger.warn({ event: 'job-unknown', jobId });
    return { kind: 'unknown-job', jobId };
  }
  // A redelivered message for a job still running whose worker is gone (past its deadline, or
  // silent past the heartbeat window: a planner Lambda stopped at its time limit, a killed
  // process) takes the job over as the reaper would. Otherwise this delivery is a true duplicate.
  let status: string = existing.status;
  const [abandoned] =
    existing.status === 'running'
      ? await deps.repositories.jobs.listAbandoned(
          deps.now(),
          deps.settings.heartbeatTimeoutMs,
          jobId,
        )
      : [];
  if (abandoned) {
    const outcome = await returnOverdueJob(deps.repositories, abandoned);
    if (outcome === 'requeued') {
      const retaken = await deps.repositories.jobs.claim(jobId, deadline);
      if (retaken) return { kind: 'claimed', job: retaken };
    }
    if (outcome === 'failed') status = 'failed';
  }
  deps.logger.info({ event: 'job-duplicate', jobId, status });
  return { kind: 'duplicate', jobId, status };
}

/**
 * Mark the job alive every heartbeat interval while this attempt runs. When the job is no
 * longer running in this attempt (it was taken over), the heartbeat stops and says so.
 */
function startHeartbeat(deps: JobDeps, job: Job): () => void {
  const timer = setInterval(() => {
    deps.repositories.jobs.heartbeat(job.id, job.attempts).then(
      (alive) => {
        if (alive) return;
        clearInterval(timer);
        deps.logger.warn({ event: 'job-lost', jobId: job.id, attempt: job.attempts });
      },
      (error: unknown) => {
        // The next beat tries again; a database away for the whole window hands the job on.
        deps.logger.warn({ event: 'job-heartbeat', jobId: job.id, error: describeError(error) });
      },
    );
  }, deps.settings.heartbeatIntervalMs);
  // The queue keeps a worker alive; a heartbeat alone must not keep a finished process running.
  timer.unref();
  return () => clearInterval(timer);
}

async function recordCrash(
  deps: JobDeps,
  job: Job,
  error: unknown,
  lastDelivery: boolean,
): Promise<MessageOutcome> {
  const jobId = job.id;
  const retryable = isRetryable(error);
  const delivery = lastDelivery ? ' (the last delivery of its queue message)' : '';
  const reason = `attempt ${job.attempts} of ${job.maxAttempts}${delivery}: ${describeError(error)}`;
  if (retryable && job.attempts < job.maxAttempts && !lastDelivery) {
    if (await deps.repositories.jobs.requeue(jobId, ['running'], reason, job.attempts)) {
      deps.logger.warn({ event: 'job-retry', jobId, error: reason });
    } else {
      deps.logger.warn({ event: 'job-lost', jobId, attempt: job.attempts, error: reason });
    }
    throw error;
  }
  const failedReason = retryable ? reason : `${reason} (not retryable)`;
  if (await deps.repositories.jobs.fail(jobId, failedReason, job.attempts)) {
    deps.onProgress?.({
      type: 'job-finished',
      jobId,
      status: 'failed',
      at: deps.now().toISOString(),
    });
    deps.logger.error({ event: 'job-fail', jobId, error: failedReason });
  } else {
    deps.logger.warn({ event: 'job-lost', jobId, attempt: job.attempts, error: failedReason });
  }
  // A job out of attempts still reaches the queue's dead-letter queue; one that failed for good
  // on its first try has its reason on the job, and a redelivery would only find it failed.
  if (retryable) throw error;
  return { kind: 'processed', jobId, status: 'failed' };
}
