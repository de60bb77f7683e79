import type { ProgressEvent, ProgressListener } from '../../jobs/index.ts';

/**
 * Progress events of the worker running in this process, for a follower (followJob) that
 * would otherwise poll the database: it reads the job again when something happened to it.
 */
export interface ProgressFeed {
  /** Pass to createJobRuntime as `onProgress`. */
  listener: ProgressListener;
  /** Events seen so far for the job; pass to `next` so none is missed in between. */
  version(jobId: string): number;
  /**
   * Resolves once the job has had an event after `since` (at once if it already has), or
   * after `timeoutMs` with none.
   */
  next(jobId: string, since: number, timeoutMs: number): Promise<void>;
}

export function createProgressFeed(): ProgressFeed {
  const versions = new Map<string, number>();
  const waiters = new Set<{ jobId: string; wake: () => void }>();
  return {
    listener(event: ProgressEvent) {
      versions.set(event.jobId, (versions.get(event.jobId) ?? 0) + 1);
      for (const waiter of [...waiters]) if (waiter.jobId === event.jobId) waiter.wake();
    },
    version: (jobId) => versions.get(jobId) ?? 0,
    next(jobId, since, timeoutMs) {
      if ((versions.get(jobId) ?? 0) > since) return Promise.resolve();
      return new Promise((resolve) => {
        const waiter = {
          jobId,
          wake: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve();
          },
        };
        const timer = setTimeout(waiter.wake, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
