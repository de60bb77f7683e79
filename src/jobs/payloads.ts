import type { SpecialistName } from '../contracts/jobs.ts';
import type { Job } from '../store/repositories/index.ts';

/** A specialist's payload on a job, or null when it has none yet. */
export function payloadOf(job: Job, agent: SpecialistName): unknown {
  switch (agent) {
    case 'reporter':
      return job.reportPayload;
    case 'charter':
      return job.chartsPayload;
    case 'retirement':
      return job.retirementPayload;
  }
}
