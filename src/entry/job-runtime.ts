import { createAgentSet } from './agent-set.ts';
import type { Services } from './compose.ts';
import {
  createJobRuntimeWithAgents,
  type JobRuntime,
  type JobRuntimeOptions,
} from './job-runtime-with-agents.ts';

export type { JobRuntime, JobRuntimeOptions } from './job-runtime-with-agents.ts';

/** What a process needs to create and run jobs, with all five agents. */
export function createJobRuntime(
  services: Services,
  options: JobRuntimeOptions = {},
): Promise<JobRuntime> {
  return createJobRuntimeWithAgents(services, createAgentSet(), options);
}
