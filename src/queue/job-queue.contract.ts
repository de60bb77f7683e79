// The behaviour every JobQueue adapter that consumes must show, as one vitest suite. An
// adapter's test calls describeJobQueueContract with a factory that opens a fresh, isolated
// queue (its own queue name, schema or job list) with a short retry delay. Nothing here sleeps:
// each test waits for the handler to report, within a bounded time.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobMessage } from '../contracts/queue-message.ts';
import { TimeoutError } from '../errors.ts';
import type { JobQueue } from './job-queue.ts';

export interface QueueUnderTest {
  queue: JobQueue;
  /** Releases whatever the factory opened besides the queue (the queue is stopped first). */
  close?: () => Promise<void>;
}

export interface ContractOptions {
  /** Why the suite cannot run here; the suite is skipped with this reason. */
  skipReason?: string | undefined;
  /** Upper bound for one delivery to arrive (covers a poll interval and a retry delay). */
  deliveryTimeoutMs?: number;
}

export function describeJobQueueContract(
  name: string,
  factory: () => Promise<QueueUnderTest>,
  options: ContractOptions = {},
): void {
  const timeoutMs = options.deliveryTimeoutMs ?? 10_000;
  const suite = options.skipReason ? describe.skip : describe;

  suite(`JobQueue contract: ${name}${options.skipReason ? ` (${options.skipReason})` : ''}`, () => {
    const opened: QueueUnderTest[] = [];
    async function open(): Promise<JobQueue> {
      const underTest = await factory();
      opened.push(underTest);
      return underTest.queue;
    }
    afterEach(async () => {
      for (const underTest of opened.splice(0)) {
        await underTest.queue.stop();
        await underTest.close?.();
      }
    });

    it('delivers a sent id to the handler once, as {"job_id"}', async () => {
      const queue = await open();
      const delivered: JobMessage[] = [];
      const first = deferred();
      const second = deferred();
      const [firstId, secondId] = [randomUUID(), randomUUID()];
      await queue.work(async (message) => {
        delivered.push(message);
        if (message.job_id === firstId) first.resolve();
        if (message.job_id === secondId) second.resolve();
        return Promise.resolve();
      });
      await queue.send(firstId);
      await within(first.promise, timeoutMs, 'the first delivery');
      // A later message arriving is the sign the first was acknowledged, not held for redelivery.
      await queue.send(secondId);
      await within(second.promise, timeoutMs, 'the second delivery');
      await queue.stop();
      expect(delivered).toEqual([{ job_id: firstId }, { job_id: secondId }]);
    });

    it('delivers again a message whose handler threw, and then it succeeds', async () => {
      const queue = await open();
      const jobId = randomUUID();
      const attempts: string[] = [];
      const succeeded = deferred();
      await queue.work(async (message) => {
        attempts.push(message.job_id);
        if (attempts.length === 1) throw new Error('the first attempt fails');
        succeeded.resolve();
        return Promise.resolve();
      });
      await queue.send(jobId);
      await within(succeeded.promise, timeoutMs, 'the retried delivery');
      await queue.stop();
      expect(attempts).toEqual([jobId, jobId]);
    });

    it('delivers each of many messages exactly once with concurrency 2, never more than 2 at a time', async () => {
      const queue = await open();
      const jobIds = Array.from({ length: 12 }, () => randomUUID());
      const deliveries = new Map<string, number>();
      const allDelivered = deferred();
      let running = 0;
      let mostRunning = 0;
      await queue.work(
        async (message) => {
          running += 1;
          mostRunning = Math.max(mostRunning, running);
          // Yield to the event loop so that a second handler can start while this one runs.
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
          deliveries.set(message.job_id, (deliveries.get(message.job_id) ?? 0) + 1);
          if (deliveries.size === jobIds.length) allDelivered.resolve();
        },
        { concurrency: 2 },
      );
      for (const jobId of jobIds) await queue.send(jobId);
      await within(allDelivered.promise, timeoutMs * 2, 'every delivery');
      await queue.stop();
      expect([...deliveries.keys()].sort()).toEqual([...jobIds].sort());
      expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
      expect(mostRunning).toBeGreaterThanOrEqual(1);
      expect(mostRunning).toBeLessThanOrEqual(2);
    });

    it('stop() waits for the handler in flight to finish', async () => {
      const queue = await open();
      const started = deferred();
      const release = deferred();
      const events: string[] = [];
      await queue.work(async () => {
        started.resolve();
        await release.promise;
        events.push('handler finished');
      });
      await queue.send(randomUUID());
      await within(started.promise, timeoutMs, 'the delivery');
      const stopping = queue.stop().then(() => events.push('stop resolved'));
      // Give stop() every chance to resolve early before the handler is let go.
      for (let turn = 0; turn < 20; turn += 1)
        await new Promise((resolve) => setImmediate(resolve));
      events.push('handler released');
      release.resolve();
      await within(stopping, timeoutMs, 'stop()');
      expect(events).toEqual(['handler released', 'handler finished', 'stop resolved']);
    });
  });
}

export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

/** A promise the test resolves when an event happens (e.g. a handler was called). */
export function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = () => settle();
  });
  return { promise, resolve };
}

/** The promise's value, or a TimeoutError naming what did not happen in time. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
