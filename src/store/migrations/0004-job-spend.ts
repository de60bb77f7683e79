// Token counts as bigint, and each job's spend in one row.
//
// A provider that reports usage above 2^31 (a runaway stream, a misbehaving proxy) made the
// integer columns of agent_runs overflow; the write then failed and the run stayed `running`.
// job_spend holds what a job has spent across all its agents, retries and attempts, added to
// after every model request, so the spend ceiling (ALEX_MAX_JOB_TOKENS, ALEX_MAX_JOB_COST_USD)
// holds across job attempts and across the processes (specialist Lambdas) of one job.
export const migration = {
  name: '0004-job-spend',
  sql: `
ALTER TABLE agent_runs
  ALTER COLUMN input_tokens TYPE bigint,
  ALTER COLUMN output_tokens TYPE bigint;

CREATE TABLE job_spend (
  job_id uuid PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
  input_tokens bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  cost_usd numeric(14, 6) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
  priced boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
};
