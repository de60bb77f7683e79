import { handleJobMessage, reapOverdueJobs } from '../jobs/index.ts';
import type { Services } from './compose.ts';
import type { JobRuntime } from './job-runtime.ts';

// How often a worker looks for jobs whose worker died, in heartbeat intervals: every second one
// (30 s by default) is often enough next to a 90 s window, and costs one indexed query.
const HEARTBEATS_PER_REAP = 2;

export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * Consume the queue in this process: each message runs the planner pipeline. The embedded
 * database serves one process only, so at start every job still marked running there was
 * orphaned by a crash and is re-queued at once; elsewhere the periodic reaper hands on the jobs
 * whose worker stopped its heartbeat (or passed its deadline).
 */
export async function startWorker(
  services: Services,
  runtime: JobRuntime,
  options: { concurrency: number },
): Promise<RunningWorker> {
  const reaperDeps = {
    repositories: services.repositories,
    queue: runtime.queue,
    logger: services.logger,
    heartbeatTimeoutMs: runtime.deps.settings.heartbeatTimeoutMs,
  };
  if (services.database.kind === 'pglite') {
    await reapOverdueJobs(reaperDeps, new Date('9999-12-31T00:00:00Z'));
  }
  await runtime.queue.work(
    async (message) => {
      await handleJobMessage(runtime.deps, message);
    },
    { concurrency: options.concurrency },
  );
  const reaper = setInterval(() => {
    reapOverdueJobs(reaperDeps, new Date()).catch((error: unknown) => {
      services.logger.error({ event: 'job-reap', error: String(error) });
    });
  }, runtime.deps.settings.heartbeatIntervalMs * HEARTBEATS_PER_REAP);
  reaper.unref();
  return {
    async stop() {
      clearInterval(reaper);
      await runtime.queue.stop();
    },
  };
}
