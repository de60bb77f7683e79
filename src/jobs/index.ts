export type { AgentSet, JobDeps, JobSettings } from './deps.ts';
export { DEFAULT_JOB_SETTINGS, heartbeatSettings } from './settings.ts';
export type { ProgressEvent, ProgressListener } from './progress.ts';
export { handleJobMessage, type MessageOutcome } from './handle-message.ts';
export { runPipeline } from './pipeline.ts';
export { jobStatusOf } from './finish-job.ts';
export { runSpecialist, type SpecialistOutcome, type SpecialistRunner } from './run-specialist.ts';
export { submitJob, retryJob } from './lifecycle.ts';
export { reapOverdueJobs, type ReapResult } from './reaper.ts';
