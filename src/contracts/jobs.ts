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
// LISTED_ERROR_CHARS, which say what went wrong. The job itself has the whole error.
export const LISTED_ERROR_CHARS = 1_000;

// A page of a job list is one statement (of MAX_LISTED_JOBS + 1 rows at most: the one more says
// whether another page follows), which on AWS is one RDS Data API call: its answer is at most
// 1 MiB. A listed job is about 550 bytes. At worst (an error preview of LISTED_ERROR_CHARS control
// characters, each escaped to 6 bytes of JSON, and four figures of 327 characters, the longest a
// double takes in jsonb) its row is about 8.1 KB as the Data API sends it, so the largest page
// comes to 817 KB, 78% of 1 MiB (test/integration/job-list-size.test.ts measures it and wants a
// fifth to spare), and far inside AWS Lambda's 6 MB response. `alex jobs list --limit` and
// GET /api/jobs?limit= both stop here.
export const MAX_LISTED_JOBS = 100;
/** Why a list stops at MAX_LISTED_JOBS, in the words its refusals and help give. */
export const MAX_LISTED_JOBS_REASON =
  'one list is one database answer, which on AWS (the Aurora Data API) holds at most 1 MiB';

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
