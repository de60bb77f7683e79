import { jobMessageSchema } from '../contracts/queue-message.ts';
import { describeError, SpendLimitError } from '../errors.ts';
import { parseWith } from '../parse-json.ts';
import type { JobDeps } from './deps.ts';
import { runPipeline } from './pipeline.ts';
import { isOverdue, returnOverdueJob } from './reaper.ts';
import type { SpecialistRunner } from './run-specialist.ts';

export type MessageOutcome =
  | { kind: 'processed'; jobId: string; status: 'completed' | 'partial' | 'failed' }
  | { kind: 'duplicate'; jobId: string; status: string }
  | { kind: 'unknown-job'; jobId: string };

/**
 * A queue delivered a message: claim the job (pending → running, atomically) and run the
 * pipeline. A duplicate delivery of a running or finished job is acknowledged and does
 * nothing. If the pipeline itself crashes, the job goes back to pending while attempts remain
 * and the error is rethrown so the queue delivers again; on the last attempt the job is failed
 * with the reason and the error still reaches the queue (and so its dead-letter queue).
 */
export async function handleJobMessage(
  deps: JobDeps,
  body: unknown,
  options: { runSpecialist?: SpecialistRunner } = {},
): Promise<MessageOutcome> {
  const { job_id: jobId } = parseWith(jobMessageSchema, body, 'message');
  const deadline = new Date(deps.now().getTime() + deps.settings.jobDeadlineMs);
  let job = await deps.repositories.jobs.claim(jobId, deadline);
  if (!job) {
    const existing = await deps.repositories.jobs.findForWorker(jobId);
    if (!existing) {
      deps.logger.warn({ event: 'job-unknown', jobId });
      return { kind: 'unknown-job', jobId };
    }
    // A redelivered message for a job still running past its deadline means its worker is
    // gone (a planner Lambda stopped at its time limit, a killed process): take the job over
    // as the reaper would. Otherwise this delivery is a true duplicate.
    let status: string = existing.status;
    if (isOverdue(existing, deps.now())) {
      const outcome = await returnOverdueJob(deps.repositories, existing);
      if (outcome === 'requeued') job = await deps.repositories.jobs.claim(jobId, deadline);
      if (outcome === 'failed') status = 'failed';
    }
    if (!job) {
      deps.logger.info({ event: 'job-duplicate', jobId, status });
      return { kind: 'duplicate', jobId, status };
    }
  }
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
  try {
    const status = await runPipeline(deps, job, options);
    return { kind: 'processed', jobId, status };
  } catch (error) {
    const reason = `attempt ${job.attempts} of ${job.maxAttempts}: ${describeError(error)}`;
    // At the spend ceiling another attempt could only fail the same way: fail the job now.
    if (job.attempts < job.maxAttempts && !(error instanceof SpendLimitError)) {
      await deps.repositories.jobs.requeue(jobId, ['running'], reason);
      deps.logger.warn({ event: 'job-retry', jobId, error: reason });
    } else {
      await deps.repositories.jobs.fail(jobId, reason);
      deps.onProgress?.({
        type: 'job-finished',
        jobId,
        status: 'failed',
        at: deps.now().toISOString(),
      });
      deps.logger.error({ event: 'job-fail', jobId, error: reason });
    }
    throw error;
  }
}
