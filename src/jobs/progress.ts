import type { AgentName } from '../contracts/jobs.ts';

/** One change in a job's progress, for live displays (CLI) and later an API stream. */
export type ProgressEvent =
  | { type: 'job-claimed'; jobId: string; attempt: number; at: string }
  | { type: 'agent-started'; jobId: string; agent: AgentName; attempt: number; at: string }
  | {
      type: 'agent-finished';
      jobId: string;
      agent: AgentName;
      at: string;
      elapsedMs: number;
      inputTokens: number;
      outputTokens: number;
      model: string;
    }
  | {
      type: 'agent-failed';
      jobId: string;
      agent: AgentName;
      at: string;
      elapsedMs: number;
      error: string;
      willRetry: boolean;
    }
  | { type: 'agent-skipped'; jobId: string; agent: AgentName; at: string; reason: string }
  | { type: 'job-finished'; jobId: string; status: 'completed' | 'partial' | 'failed'; at: string };

export type ProgressListener = (event: ProgressEvent) => void;
