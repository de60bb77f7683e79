import { describe, expect, it } from 'vitest';
import { createThrottle, PLAN_LIMITS } from './throttle.ts';

function fakeTime(startMs = 1_000_000) {
  const time = { nowMs: startMs, waits: [] as number[] };
  return {
    time,
    clock: () => time.nowMs,
    sleep: (ms: number) => {
      time.waits.push(ms);
      time.nowMs += ms;
      return Promise.resolve();
    },
  };
}

describe('createThrottle', () => {
  it('lets five requests through at once on the free plan and makes the sixth wait a minute', async () => {
    const { time, clock, sleep } = fakeTime();
    const throttle = createThrottle({ ...PLAN_LIMITS.free, clock, sleep });

    for (let index = 0; index < 5; index += 1) await throttle.acquire();
    expect(time.waits).toEqual([]);

    await throttle.acquire();
    expect(time.waits).toEqual([60_000]);
  });

  it('waits only until the oldest request leaves the window', async () => {
    const { time, clock, sleep } = fakeTime();
    const throttle = createThrottle({ maxRequests: 2, windowMs: 60_000, clock, sleep });

    await throttle.acquire();
    time.nowMs += 45_000;
    await throttle.acquire();
    await throttle.acquire();
    expect(time.waits).toEqual([15_000]);

    // The second request (at +45 s) is now the oldest; the next slot frees at +105 s.
    await throttle.acquire();
    expect(time.waits).toEqual([15_000, 45_000]);
  });

  it('serves concurrent callers in arrival order', async () => {
    const { time, clock, sleep } = fakeTime();
    const throttle = createThrottle({ maxRequests: 1, windowMs: 1_000, clock, sleep });
    const served: number[] = [];

    await Promise.all(
      [1, 2, 3].map((caller) => throttle.acquire().then(() => served.push(caller))),
    );
    expect(served).toEqual([1, 2, 3]);
    expect(time.waits).toEqual([1_000, 1_000]);
  });

  it('rejects a caller whose signal is aborted and keeps serving the others', async () => {
    const { clock, sleep } = fakeTime();
    const throttle = createThrottle({ maxRequests: 1, windowMs: 1_000, clock, sleep });
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));

    await expect(throttle.acquire(controller.signal)).rejects.toThrow('cancelled');
    await expect(throttle.acquire()).resolves.toBeUndefined();
  });
});
