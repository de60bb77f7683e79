import type { JobMessage } from '../contracts/queue-message.ts';

/**
 * Processes one delivered message. Resolving acknowledges it; throwing asks the queue to
 * deliver it again later (within the adapter's retry policy, then the dead-letter queue).
 */
export type JobMessageHandler = (message: JobMessage) => Promise<void>;

/** Messages a queue holds right now, as far as it can tell (SQS's counts are approximate). */
export interface QueueMessageCounts {
  /** Delivered to no consumer yet: a backlog, plus messages delayed before their first delivery. */
  waiting: number;
  /** Received and neither deleted nor visible again: being processed, or waiting to be retried. */
  inFlight: number;
}

/** The port between job creation and workers. It carries job ids only, never job data. */
export interface JobQueue {
  /** Adapter name for logs and `alex config`. */
  readonly kind: 'local' | 'pgboss' | 'sqs';
  /** Enqueue one job id. Rejects when the message could not be stored. */
  send(jobId: string): Promise<void>;
  /**
   * Start consuming in this process: each message is passed to `handler`, up to
   * `concurrency` at a time. Resolves once consuming has started.
   */
  work(handler: JobMessageHandler, options?: { concurrency?: number }): Promise<void>;
  /**
   * Counts the queue's messages, for adapters whose messages live outside the jobs table (SQS):
   * the reaper uses it to tell a job whose message waits in a backlog from one whose message was
   * lost, and sends again only for the latter. Adapters without it get every stale job resent.
   */
  countMessages?(): Promise<QueueMessageCounts>;
  /** Stop consuming, wait for handlers in flight to settle, and release connections. */
  stop(): Promise<void>;
}
