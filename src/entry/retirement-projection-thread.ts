// The thread of the retirement projection pool: a warm copy of the engine (its buffers are
// reused from one projection to the next) that answers one projection at a time.
import { projectSnapshot } from '../agents/retirement/index.ts';
import type { ProjectionRequest } from './retirement-projector.ts';
import { serveTasks } from './worker-pool.ts';

serveTasks((request: ProjectionRequest) =>
  projectSnapshot(request.snapshot, request.options, request.startYear),
);
