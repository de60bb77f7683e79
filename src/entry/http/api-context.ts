import type { ApiConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import type { Repositories, User } from '../../store/repositories/index.ts';
import type { Authenticator } from './auth/authenticator.ts';
import type { SimulationRunner } from './simulate-request.ts';

/** What the API's routes work with: passed in, so tests and the Lambda wire their own. */
export interface ApiDependencies {
  repositories: Repositories;
  /** Where new jobs are sent; workers in this process or elsewhere take them. */
  queue: Pick<JobQueue, 'send'>;
  authenticator: Authenticator;
  config: Pick<ApiConfig, 'corsOrigins' | 'analyzeRateLimitPerHour'>;
  logger: Logger;
  /** How often the job event stream looks for new progress (ms). */
  eventPollMs?: number;
  /** Runs POST /api/simulate's Monte Carlo: the server's projection threads when it has them. */
  runSimulation?: SimulationRunner;
  /**
   * 'follow' (default): an event stream stays open until the job ends. 'snapshot': it sends
   * the events so far and ends, asking the client to come back (SSE `retry`) while the job
   * runs; for hosts that buffer whole responses, as API Gateway does for the Lambda.
   */
  eventStream?: 'follow' | 'snapshot';
}

/** Hono's per-request variables: the caller's user, set by the auth middleware. */
export interface ApiEnv {
  Variables: {
    user: User;
    /** Whether this request created the user (the first call of a new caller). */
    userCreated: boolean;
  };
}
