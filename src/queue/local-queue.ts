// The embedded queue: the jobs table is the queue. A job row is written as pending before its id
// is sent, so send() only wakes the loop, and pending rows left by a stopped process are simply
// picked up by the next work() (nothing is lost across a restart). The handler claims each job
// atomically (pending → running), which is what takes the id off the pending list.
import { z } from 'zod';
import { jobMessageSchema } from '../contracts/queue-message.ts';
import { ConflictError } from '../errors.ts';
import { parseWith } from '../parse-json.ts';
import type { JobMessageHandler, JobQueue } from './job-queue.ts';

export interface LocalQueueOptions {
  /** Ids of the jobs waiting to run, oldest first (e.g. `jobs.listPendingIds()`). */
  pendingJobIds: () => Promise<string[]>;
  /** How often the loop looks for pending jobs when nothing wakes it. Default 1000. */
  pollIntervalMs?: number;
  /** Delay before a failed id is handed out again; it doubles with each consecutive failure. */
  retryDelayMs?: number;
  /** Told about a handler failure (with its job id) or a failed look-up (without one). */
  onError?: (error: unknown, jobId: string | undefined) => void;
}

const DEFAULT_POLL_INTERVAL_MS = 1000;
const DEFAULT_RETRY_DELAY_MS = 1000;
// A job whose handler keeps failing before it can claim the row (the database is away, say)
// stays pending; past this cap it is retried once a minute rather than ever more rarely.
const MAX_RETRY_DELAY_MS = 60_000;

const optionsSchema = z.object({
  pollIntervalMs: z.number().int().positive().default(DEFAULT_POLL_INTERVAL_MS),
  retryDelayMs: z.number().int().nonnegative().default(DEFAULT_RETRY_DELAY_MS),
});
const workOptionsSchema = z.object({ concurrency: z.number().int().positive().default(1) });

interface Backoff {
  failures: number;
  retryAtMs: number;
}

export function createLocalQueue(options: LocalQueueOptions): JobQueue {
  const { pollIntervalMs, retryDelayMs } = parseWith(optionsSchema, options, 'localQueue');
  const reportError = options.onError ?? (() => undefined);
  const inFlight = new Map<string, Promise<void>>();
  const backoffs = new Map<string, Backoff>();
  let loop: Promise<void> | undefined;
  let stopping = false;
  let wakeRequested = false;
  let wakeUp: (() => void) | undefined;
  // The last look found more pending ids than free slots.
  let moreWaiting = false;

  function wake(): void {
    wakeRequested = true;
    wakeUp?.();
  }

  function waitForWake(): Promise<void> {
    if (wakeRequested) return Promise.resolve();
    const now = Date.now();
    const nextRetryMs = Math.min(...[...backoffs.values()].map((backoff) => backoff.retryAtMs));
    const delayMs = Math.max(0, Math.min(pollIntervalMs, nextRetryMs - now));
    return new Promise((resolve) => {
      const timer = setTimeout(done, delayMs);
      function done(): void {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  function start(jobId: string, handler: JobMessageHandler): void {
    const run = (async () => {
      try {
        await handler({ job_id: jobId });
        backoffs.delete(jobId);
      } catch (error) {
        const failures = (backoffs.get(jobId)?.failures ?? 0) + 1;
        const delayMs = Math.min(retryDelayMs * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
        backoffs.set(jobId, { failures, retryAtMs: Date.now() + delayMs });
        reportError(error, jobId);
      } finally {
        inFlight.delete(jobId);
        // A freed slot is worth a look when the last look found more than it could take; a
        // failure, so that the loop's next wait ends when the retry is due.
        if (moreWaiting || backoffs.has(jobId)) wake();
      }
    })();
    inFlight.set(jobId, run);
  }

  async function fillSlots(handler: JobMessageHandler, concurrency: number): Promise<void> {
    let pendingIds: string[];
    try {
      pendingIds = await options.pendingJobIds();
    } catch (error) {
      reportError(error, undefined);
      return;
    }
    const pending = new Set(pendingIds);
    // An id that is no longer pending was claimed (or finished) elsewhere: forget its failures.
    for (const jobId of backoffs.keys()) if (!pending.has(jobId)) backoffs.delete(jobId);
    const now = Date.now();
    moreWaiting = false;
    for (const jobId of pendingIds) {
      if (stopping) return;
      if (inFlight.has(jobId)) continue;
      if ((backoffs.get(jobId)?.retryAtMs ?? 0) > now) continue;
      if (inFlight.size >= concurrency) {
        moreWaiting = true;
        return;
      }
      start(jobId, handler);
    }
  }

  async function run(handler: JobMessageHandler, concurrency: number): Promise<void> {
    while (!stopping) {
      wakeRequested = false;
      await fillSlots(handler, concurrency);
      if (stopping) return;
      await waitForWake();
    }
  }

  return {
    kind: 'local',

    // Both validate before anything else; a promise executor turns a throw into a rejection.
    send(jobId) {
      return new Promise((resolve) => {
        parseWith(jobMessageSchema, jobId, 'jobId');
        wake();
        resolve();
      });
    },

    work(handler, workOptions = {}) {
      return new Promise((resolve) => {
        const { concurrency } = parseWith(workOptionsSchema, workOptions, 'work');
        if (loop) throw new ConflictError('the local queue is already working');
        stopping = false;
        wakeRequested = true;
        loop = run(handler, concurrency);
        resolve();
      });
    },

    async stop() {
      stopping = true;
      wake();
      await loop;
      await Promise.allSettled(inFlight.values());
      loop = undefined;
    },
  };
}
