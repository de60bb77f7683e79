import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, InputError } from '../errors.ts';
import { deferred, describeJobQueueContract, within } from './job-queue.contract.ts';
import type { JobQueue } from './job-queue.ts';
import { createLocalQueue, type LocalQueueOptions } from './local-queue.ts';

/**
 * A stand-in for the jobs table: ids are pending until a handler succeeds, as a handler that
 * claims its job (pending → running) takes it off the list.
 */
function createPendingJobs() {
  const pending: string[] = [];
  return {
    pending,
    add(jobId: string) {
      pending.push(jobId);
    },
    pendingJobIds: () => Promise.resolve([...pending]),
    claim(jobId: string) {
      pending.splice(pending.indexOf(jobId), 1);
    },
  };
}

/** A local queue over the fake table, whose send() first writes the row as the application does. */
function localQueueOverFakeTable(options: Partial<LocalQueueOptions> = {}): JobQueue {
  const jobs = createPendingJobs();
  const queue = createLocalQueue({
    pendingJobIds: jobs.pendingJobIds,
    retryDelayMs: 0,
    ...options,
  });
  return {
    kind: queue.kind,
    send(jobId) {
      jobs.add(jobId);
      return queue.send(jobId);
    },
    work: (handler, workOptions) =>
      queue.work(async (message) => {
        await handler(message);
        jobs.claim(message.job_id);
      }, workOptions),
    stop: () => queue.stop(),
  };
}

describeJobQueueContract('local', () => Promise.resolve({ queue: localQueueOverFakeTable() }), {
  deliveryTimeoutMs: 5_000,
});

describe('local queue', () => {
  const queues: JobQueue[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const queue of queues.splice(0)) await queue.stop();
  });
  function track(queue: JobQueue): JobQueue {
    queues.push(queue);
    return queue;
  }

  it('picks up jobs left pending by a stopped process when the next one starts working', async () => {
    const jobs = createPendingJobs();
    const leftOver = [randomUUID(), randomUUID()];
    for (const jobId of leftOver) jobs.add(jobId);
    const queue = track(createLocalQueue({ pendingJobIds: jobs.pendingJobIds }));
    const handled: string[] = [];
    const done = deferred();
    await queue.work((message) => {
      handled.push(message.job_id);
      jobs.claim(message.job_id);
      if (handled.length === leftOver.length) done.resolve();
      return Promise.resolve();
    });
    await within(done.promise, 5_000, 'the pending jobs');
    expect(handled).toEqual(leftOver);
  });

  it('never hands the same id to two handlers at once', async () => {
    const jobs = createPendingJobs();
    const jobId = randomUUID();
    jobs.add(jobId);
    const queue = track(createLocalQueue({ pendingJobIds: jobs.pendingJobIds }));
    const started = deferred();
    const release = deferred();
    let calls = 0;
    await queue.work(
      async () => {
        calls += 1;
        started.resolve();
        await release.promise;
      },
      { concurrency: 4 },
    );
    await within(started.promise, 5_000, 'the delivery');
    // Each send wakes the loop, which sees the id still pending but already in flight.
    for (let wakeUp = 0; wakeUp < 5; wakeUp += 1) await queue.send(jobId);
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    const callsWhileInFlight = calls;
    jobs.claim(jobId);
    release.resolve();
    expect(callsWhileInFlight).toBe(1);
  });

  it('reports a failed handler with its job id and retries it only after the backoff delay', async () => {
    vi.useFakeTimers();
    const jobs = createPendingJobs();
    const jobId = randomUUID();
    jobs.add(jobId);
    const errors: [unknown, string | undefined][] = [];
    const queue = track(
      createLocalQueue({
        pendingJobIds: jobs.pendingJobIds,
        pollIntervalMs: 60_000,
        retryDelayMs: 1_000,
        onError: (error, failedJobId) => errors.push([error, failedJobId]),
      }),
    );
    let calls = 0;
    const failure = new Error('model provider unavailable');
    await queue.work(() => {
      calls += 1;
      if (calls <= 2) return Promise.reject(failure);
      jobs.claim(jobId);
      return Promise.resolve();
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    expect(errors).toEqual([[failure, jobId]]);

    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);

    // The second failure doubles the delay.
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(3);
    expect(jobs.pending).toEqual([]);
  });

  it('reports a failing look-up of pending jobs and tries again on the next poll', async () => {
    const lookupFailure = new Error('database unavailable');
    const jobId = randomUUID();
    let lookups = 0;
    const errors: [unknown, string | undefined][] = [];
    const handled = deferred();
    const queue = track(
      createLocalQueue({
        pendingJobIds: () => {
          lookups += 1;
          return lookups === 1 ? Promise.reject(lookupFailure) : Promise.resolve([jobId]);
        },
        pollIntervalMs: 10,
        onError: (error, failedJobId) => errors.push([error, failedJobId]),
      }),
    );
    await queue.work(() => {
      handled.resolve();
      return Promise.resolve();
    });
    await within(handled.promise, 5_000, 'the delivery after the failed look-up');
    expect(errors).toEqual([[lookupFailure, undefined]]);
  });

  it('rejects an id that is not a uuid and a second work() on the same queue', async () => {
    const queue = track(createLocalQueue({ pendingJobIds: () => Promise.resolve([]) }));
    await expect(queue.send('job-1')).rejects.toBeInstanceOf(InputError);
    await queue.work(() => Promise.resolve());
    await expect(queue.work(() => Promise.resolve())).rejects.toBeInstanceOf(ConflictError);
  });

  it('rejects a concurrency below one', async () => {
    const queue = track(createLocalQueue({ pendingJobIds: () => Promise.resolve([]) }));
    await expect(queue.work(() => Promise.resolve(), { concurrency: 0 })).rejects.toBeInstanceOf(
      InputError,
    );
  });
});
