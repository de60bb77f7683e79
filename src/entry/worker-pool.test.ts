import { afterEach, describe, expect, it } from 'vitest';
import type { TestTask } from './worker-pool.test-thread.ts';
import { createWorkerPool, type WorkerPool } from './worker-pool.ts';

const THREAD = new URL('./worker-pool.test-thread.ts', import.meta.url);

describe('worker pool', () => {
  let pool: WorkerPool<TestTask, unknown> | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('runs tasks on its threads, more tasks than threads in order', async () => {
    pool = createWorkerPool<TestTask, unknown>({ name: 'test', script: THREAD, size: 2 });
    const values = await Promise.all(
      Array.from({ length: 7 }, (_, index) => pool!.run({ kind: 'echo', value: { index } })),
    );
    expect(values).toEqual(Array.from({ length: 7 }, (_, index) => ({ index })));
  });

  it("rejects with the task's own error, and the thread goes on serving", async () => {
    pool = createWorkerPool<TestTask, unknown>({ name: 'test', script: THREAD, size: 1 });
    const before = await pool.run({ kind: 'thread-id' });
    await expect(pool.run({ kind: 'throw', message: 'no plan to simulate' })).rejects.toThrow(
      expect.objectContaining({ name: 'RangeError', message: 'no plan to simulate' }),
    );
    expect(await pool.run({ kind: 'thread-id' })).toBe(before);
  });

  it('rejects the task of a thread that dies, with a clear error, and replaces the thread', async () => {
    pool = createWorkerPool<TestTask, unknown>({ name: 'test', script: THREAD, size: 1 });
    const first = await pool.run({ kind: 'thread-id' });
    const queued = pool.run({ kind: 'echo', value: 'after the crash' });
    await expect(pool.run({ kind: 'exit', code: 3 })).rejects.toThrow(
      'the test worker thread exited with code 3 while running a task; the task did not finish, ' +
        'and a new thread replaces the one that died',
    );
    // The task queued behind the crash ran on the new thread, and the pool keeps its size.
    await expect(queued).resolves.toBe('after the crash');
    const second = await pool.run({ kind: 'thread-id' });
    expect(second).not.toBe(first);
    expect(pool.size).toBe(1);
  });

  it('rejects what cannot be copied to a thread without losing the thread', async () => {
    pool = createWorkerPool<TestTask, unknown>({ name: 'test', script: THREAD, size: 1 });
    await expect(pool.run({ kind: 'echo', value: () => 1 })).rejects.toThrow(/could not be cloned/);
    expect(await pool.run({ kind: 'echo', value: 2 })).toBe(2);
  });

  it('rejects running and waiting tasks when closed, and new ones after', async () => {
    const closing = createWorkerPool<TestTask, unknown>({ name: 'test', script: THREAD, size: 1 });
    const tasks = [
      closing.run({ kind: 'echo', value: 1 }),
      closing.run({ kind: 'echo', value: 2 }),
    ];
    const settled = Promise.allSettled(tasks);
    await closing.close();
    const outcomes = await settled;
    expect(
      outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ran')),
    ).toEqual([
      'Error: the test pool closed while the task was running',
      'Error: the test pool closed before the task started',
    ]);
    await expect(closing.run({ kind: 'echo', value: 3 })).rejects.toThrow(
      'the test pool is closed',
    );
  });

  it('stops, instead of restarting threads forever, when a thread cannot start', async () => {
    const script = new URL('./worker-pool.test-broken-thread.ts', import.meta.url);
    pool = createWorkerPool<TestTask, unknown>({ name: 'test', script, size: 1 });
    const message =
      'the test worker thread could not start: it failed with an uncaught error (this thread cannot start)';
    await expect(pool.run({ kind: 'echo', value: 1 })).rejects.toThrow(message);
    await expect(pool.run({ kind: 'echo', value: 2 })).rejects.toThrow(message);
  });

  it('refuses a size that is not a whole number of threads', () => {
    expect(() => createWorkerPool({ name: 'test', script: THREAD, size: 0 })).toThrow(
      'the test pool needs a whole number of threads >= 1, got 0',
    );
  });
});
