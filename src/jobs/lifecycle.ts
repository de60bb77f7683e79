import { FINISHED_JOB_STATUSES, jobRequestSchema, type JobRequest } from '../contracts/jobs.ts';
import { ConflictError, describeError } from '../errors.ts';
import { parseWith } from '../parse-json.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Job, Repositories } from '../store/repositories/index.ts';
import type { AnalysisLimits } from '../store/repositories/job-repository.ts';

type JobStores = Pick<Repositories, 'jobs' | 'users'>;

/**
 * Create a job and enqueue its id in one step. If the message cannot be enqueued the job is
 * failed with the reason, never left pending where nothing would pick it up. With `limits`
 * (the HTTP API), a user with an analysis still running or over the hourly count gets an
 * error and no job.
 */
export async function submitJob(
  deps: { repositories: JobStores; queue: Pick<JobQueue, 'send'> },
  userId: string,
  request: JobRequest,
  options: { limits?: AnalysisLimits } = {},
): Promise<Job> {
  const validRequest = parseWith(jobRequestSchema, request, 'request');
  const user = await deps.repositories.users.get(userId);
  const job = options.limits
    ? await deps.repositories.jobs.createWithinLimits(user.id, validRequest, options.limits)
    : await deps.repositories.jobs.create(user.id, validRequest);
  try {
    await deps.queue.send(job.id);
  } catch (error) {
    await deps.repositories.jobs.fail(job.id, `could not enqueue the job: ${describeError(error)}`);
    throw error;
  }
  return job;
}

/**
 * Run a partial or failed job again: it goes back to pending with fresh attempts, and the
 * pipeline then retries only the specialists without a payload (the snapshot is kept).
 */
export async function retryJob(
  deps: { repositories: JobStores; queue: Pick<JobQueue, 'send'> },
  userId: string,
  jobId: string,
): Promise<Job> {
  const job = await deps.repositories.jobs.get(userId, jobId);
  if (job.status === 'completed' || !FINISHED_JOB_STATUSES.includes(job.status)) {
    throw new ConflictError(
      `job ${jobId} is ${job.status}; only partial or failed jobs can be retried`,
    );
  }
  await deps.repositories.jobs.resetAttempts(job.id);
  await deps.repositories.jobs.requeue(job.id, ['partial', 'failed']);
  await deps.queue.send(job.id);
  return deps.repositories.jobs.get(userId, jobId);
}
