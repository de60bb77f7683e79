import { sql, type Kysely } from 'kysely';
import { numberFrom } from '../columns.ts';
import type { Database } from '../tables.ts';

/** What a job has spent on models so far, all agents and attempts included. */
export interface JobSpendTotal {
  inputTokens: number;
  outputTokens: number;
  /** Estimated US dollars for the priced models. */
  costUsd: number;
  /** False once any request ran on a model without a price (its dollars are not counted). */
  priced: boolean;
}

const NOTHING_SPENT: JobSpendTotal = { inputTokens: 0, outputTokens: 0, costUsd: 0, priced: true };

/** One row per job that has made a model request: its running spend. */
export function createJobSpendRepository(db: Kysely<Database>) {
  return {
    async get(jobId: string): Promise<JobSpendTotal> {
      const row = await db
        .selectFrom('job_spend')
        .select(['input_tokens', 'output_tokens', 'cost_usd', 'priced'])
        .where('job_id', '=', jobId)
        .executeTakeFirst();
      return row ? toTotal(row) : NOTHING_SPENT;
    },

    /** Adds one request's usage in one statement (safe from many processes) and returns the total. */
    async add(jobId: string, usage: JobSpendTotal): Promise<JobSpendTotal> {
      const row = await db
        .insertInto('job_spend')
        .values({
          job_id: jobId,
          input_tokens: usage.inputTokens,
          output_tokens: usage.outputTokens,
          cost_usd: usage.costUsd,
          priced: usage.priced,
        })
        .onConflict((conflict) =>
          conflict.column('job_id').doUpdateSet({
            input_tokens: sql`job_spend.input_tokens + excluded.input_tokens`,
            output_tokens: sql`job_spend.output_tokens + excluded.output_tokens`,
            cost_usd: sql`job_spend.cost_usd + excluded.cost_usd`,
            priced: sql`job_spend.priced AND excluded.priced`,
            updated_at: sql`now()`,
          }),
        )
        .returning(['input_tokens', 'output_tokens', 'cost_usd', 'priced'])
        .executeTakeFirstOrThrow();
      return toTotal(row);
    },
  };
}

export type JobSpendRepository = ReturnType<typeof createJobSpendRepository>;

function toTotal(row: {
  input_tokens: string | number;
  output_tokens: string | number;
  cost_usd: string;
  priced: boolean;
}): JobSpendTotal {
  return {
    inputTokens: numberFrom(row.input_tokens),
    outputTokens: numberFrom(row.output_tokens),
    costUsd: numberFrom(row.cost_usd),
    priced: row.priced,
  };
}
