// The thread of the retirement projection pool: a warm copy of the engine (its buffers are
// reused from one run to the next) that answers one task at a time: a job's projection, or an
// API simulation.
import { projectSnapshot } from '../agents/retirement/index.ts';
import { runSimulation } from './cli/commands/simulate.ts';
import type { ProjectionTask } from './retirement-projector.ts';
import { serveTasks } from './worker-pool.ts';

serveTasks((task: ProjectionTask) =>
  task.kind === 'projection'
    ? projectSnapshot(task.snapshot, task.options, task.startYear)
    : runSimulation(task.request),
);
