import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectSnapshot } from '../agents/retirement/index.ts';
import { testSnapshot } from '../agents/retirement/test-snapshot.ts';
import { createPooledRetirementProjector } from './retirement-projector.ts';

const START_YEAR = 2026;

describe('retirement projection on worker threads', { timeout: 60_000 }, () => {
  const projector = createPooledRetirementProjector(1);
  // The thread loads the agents' modules once; on a busy machine that takes seconds.
  beforeAll(() => projector.project(testSnapshot(), { simulations: 10 }, START_YEAR), 60_000);
  afterAll(() => projector.close());

  it('gives exactly the in-thread projection for the same seed', async () => {
    const snapshot = testSnapshot();
    const options = { simulations: 2_000, seed: 99 };
    const pooled = await projector.project(snapshot, options, START_YEAR);
    expect(pooled).toEqual(projectSnapshot(snapshot, options, START_YEAR));
    expect(pooled.result.seed).toBe(99);
    expect(pooled.levers.length).toBeGreaterThan(0);
  });

  it('keeps a heartbeat timer firing while a large simulation runs', async () => {
    const snapshot = testSnapshot();
    // 50,000 paths of 55 years, then the levers: a second or more of CPU, 200 timer periods.
    const options = { simulations: 50_000, seed: 7 };
    let beatsWhileRunning = 0;
    let running = true;
    const heartbeat = setInterval(() => {
      if (running) beatsWhileRunning++;
    }, 5);
    try {
      const projection = await projector.project(snapshot, options, START_YEAR);
      running = false;
      expect(projection.result.paths).toBe(50_000);
    } finally {
      clearInterval(heartbeat);
    }
    // In this thread the same call would block the event loop, and the timer could not fire
    // until it returned.
    expect(beatsWhileRunning).toBeGreaterThanOrEqual(10);
  });

  it("rejects with the projection's own error", async () => {
    const snapshot = testSnapshot({ yearsUntilRetirement: -1 });
    let inThread: unknown;
    try {
      projectSnapshot(snapshot, undefined, START_YEAR);
    } catch (error) {
      inThread = error;
    }
    expect(inThread).toBeInstanceOf(Error);
    await expect(projector.project(snapshot, undefined, START_YEAR)).rejects.toThrow(
      (inThread as Error).message,
    );
  });
});
