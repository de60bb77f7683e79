import { z } from 'zod';

export const JOB_STATUSES = ['pending', 'running', 'completed', 'partial', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses after which a job is never picked up again by a worker. */
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['completed', 'partial', 'failed'];

export const AGENT_NAMES = ['planner', 'tagger', 'reporter', 'charter', 'retirement'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/** The specialists the planner fans out to. */
export const SPECIALIST_NAMES = ['reporter', 'charter', 'retirement'] as const;
export type SpecialistName = (typeof SPECIALIST_NAMES)[number];

export const AGENT_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type AgentRunStatus = (typeof AGENT_RUN_STATUSES)[number];

// An error is stored with up to 8,000 characters; a job list carries its first
// LISTED_ERROR_CHARS, which say what went wrong. At most 4 bytes a character keeps a page of 100
// listed jobs under about 500 KB whatever their errors: under the RDS Data API's 1 MiB a
// statement and AWS Lambda's 6 MB a response. The job itself has the whole error.
export const LISTED_ERROR_CHARS = 1_000;

export const JOB_TYPES = ['portfolio_analysis'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** What a caller asks for when creating an analysis job. */
export const jobRequestSchema = z
  .object({
    analysis_type: z.enum(JOB_TYPES).default('portfolio_analysis'),
    request: z.string().trim().max(2000).optional(),
    agents: z.array(z.enum(SPECIALIST_NAMES)).min(1).optional(),
  })
  .strict();
export type JobRequest = z.infer<typeof jobRequestSchema>;
