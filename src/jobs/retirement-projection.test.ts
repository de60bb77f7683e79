import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PortfolioSnapshot } from '../agents/portfolio-snapshot.ts';
import {
  projectSnapshot,
  type Projection,
  type RetirementOptions,
} from '../agents/retirement/index.ts';
import { testSnapshot } from '../agents/retirement/test-snapshot.ts';
import { parseJson } from '../parse-json.ts';
import type { RetirementProjector } from './deps.ts';
import { projectJobRetirement } from './retirement-projection.ts';

const NOW = new Date('2026-03-01T00:00:00Z');

/** A logger whose lines the test reads. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'warn' },
    {
      write: (line: string) => void lines.push(parseJson(line, z.record(z.string(), z.unknown()))),
    },
  );
  return { logger, lines };
}

/** Projects in this thread, as the pool's threads do, and records each call. */
function recordingProjector(fail?: Error) {
  const calls: Array<[PortfolioSnapshot, RetirementOptions | undefined, number]> = [];
  const projector: RetirementProjector = {
    project(snapshot, options, startYear) {
      calls.push([snapshot, options, startYear]);
      if (fail) return Promise.reject(fail);
      return Promise.resolve(projectSnapshot(snapshot, options, startYear));
    },
  };
  return { projector, calls };
}

describe("a job's retirement projection", () => {
  it('runs on the projector when the process has one', async () => {
    const { logger } = capturingLogger();
    const { projector, calls } = recordingProjector();
    const snapshot = testSnapshot();
    const projection = await projectJobRetirement(
      { logger, now: () => NOW, retirementProjector: projector },
      snapshot,
    );
    expect(calls).toEqual([[snapshot, undefined, 2026]]);
    expect(projection).toEqual(projectSnapshot(snapshot, undefined, 2026));
  });

  it('runs in this thread without one, with the same result', async () => {
    const { logger } = capturingLogger();
    const snapshot = testSnapshot();
    const projection: Projection | null = await projectJobRetirement(
      { logger, now: () => NOW },
      snapshot,
    );
    expect(projection).toEqual(projectSnapshot(snapshot, undefined, 2026));
  });

  it('is null, with a warning, when the projector fails', async () => {
    const { logger, lines } = capturingLogger();
    const { projector } = recordingProjector(
      new Error('the retirement projection worker thread exited with code 1'),
    );
    const projection = await projectJobRetirement(
      { logger, now: () => NOW, retirementProjector: projector },
      testSnapshot(),
    );
    expect(projection).toBeNull();
    expect(lines).toEqual([
      expect.objectContaining({
        event: 'retirement-projection-failed',
        error: expect.stringContaining('exited with code 1') as unknown,
      }),
    ]);
  });
});
