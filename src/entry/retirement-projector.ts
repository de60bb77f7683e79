import { availableParallelism } from 'node:os';
import type { PortfolioSnapshot } from '../agents/portfolio-snapshot.ts';
import type { Projection, RetirementOptions } from '../agents/retirement/index.ts';
import type { RetirementProjector } from '../jobs/index.ts';
import type { SimulationJson } from '../contracts/simulation.ts';
import type { SimulationRequest } from './cli/commands/simulate.ts';
import type { SimulationRunner } from './http/simulate-request.ts';
import { createWorkerPool } from './worker-pool.ts';

/** What crosses to a projection thread: projectSnapshot's arguments, or an API simulation. */
export type ProjectionTask =
  | {
      kind: 'projection';
      snapshot: PortfolioSnapshot;
      options: RetirementOptions | undefined;
      startYear: number;
    }
  | { kind: 'simulation'; request: SimulationRequest };

export interface PooledRetirementProjector extends RetirementProjector {
  readonly threads: number;
  /**
   * POST /api/simulate's Monte Carlo on the same warm threads (the same code as inline, so the
   * same answer for the same seed), keeping a 10,000-path what-if off the server's event loop.
   */
  simulate: SimulationRunner;
  /** Stops the threads; a projection still running is rejected. */
  close(): Promise<void>;
}

/**
 * Threads for a long-running process: one core is left to the event loop (database, model
 * calls, heartbeats), and more than four rarely helps, since a job projects once and most of
 * its time is spent waiting on models.
 */
export function defaultProjectionThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * The job's retirement projection (Monte Carlo and levers, 0.3 s of CPU for the demo) on warm
 * worker threads, so a job running it does not stop the process's heartbeats and progress;
 * `alex serve` runs POST /api/simulate on them too.
 * One-shot CLI commands do not use it: starting a thread costs more than it saves there.
 */
export function createPooledRetirementProjector(
  threads = defaultProjectionThreads(),
): PooledRetirementProjector {
  const pool = createWorkerPool<ProjectionTask, unknown>({
    name: 'retirement projection',
    script: new URL('./retirement-projection-thread.ts', import.meta.url),
    size: threads,
  });
  return {
    threads,
    project: async (snapshot, options, startYear) =>
      (await pool.run({ kind: 'projection', snapshot, options, startYear })) as Projection,
    simulate: async (request) =>
      (await pool.run({ kind: 'simulation', request })) as SimulationJson,
    close: () => pool.close(),
  };
}
