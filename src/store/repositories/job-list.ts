import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import {
  LISTED_ERROR_CHARS,
  MAX_LISTED_JOBS,
  MAX_LISTED_JOBS_REASON,
  type JobStatus,
} from '../../contracts/jobs.ts';
import {
  retirementPayloadSchema,
  summaryPayloadSchema,
  type SummaryPayload,
} from '../../contracts/payloads.ts';
import { describeError, InputError } from '../../errors.ts';
import { isoFrom, optionalIsoFrom, optionalJsonFrom } from '../columns.ts';
import type { Database } from '../tables.ts';

// A list of jobs answers what a person scanning it needs: status, timestamps, the error, which
// results exist and a few headline figures. The payloads stay in the database: GET /api/jobs/{id}
// answers about 41 KB for the demo's job, more for a larger portfolio, so a page of 100 whole jobs
// came to 4 MB and more, near AWS Lambda's 6 MB response limit; its list item is about 550 bytes.
// The few figures are picked out in SQL, so no payload leaves the database for a list.

/** The headline of a job's retirement projection (percent and US dollars, as in its payload). */
export interface RetirementHeadline {
  successProbability: number;
  successStandardError: number | null;
  sustainableSpendingAt90pct: number;
}

export interface JobListItem {
  id: string;
  userId: string;
  type: string;
  status: JobStatus;
  /** The start of the job's error, saying how many characters follow when it was cut. */
  error: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
  hasReport: boolean;
  hasCharts: boolean;
  hasRetirement: boolean;
  /** Each agent's outcome, from the job's summary payload; null until the job has one. */
  statusByAgent: SummaryPayload['status_by_agent'] | null;
  /** What the job's model calls cost, from its summary payload; null until the job has one. */
  costUsd: number | null;
  retirementHeadline: RetirementHeadline | null;
}

/** A job row that cannot be read back: what is known of it, and why. */
export interface UnreadableJob {
  unreadable: true;
  id: string;
  status: string;
  createdAt: string;
  problem: string;
}

const retirementHeadlineSchema = retirementPayloadSchema.shape.results
  .pick({ success_probability: true, sustainable_spending_at_90pct: true })
  .extend({ success_standard_error: z.number().nonnegative().nullable() });
const statusByAgentSchema = summaryPayloadSchema.shape.status_by_agent;
const costUsdSchema = summaryPayloadSchema.shape.usage.shape.cost_usd;

/** A page of a job list, and where the next one starts (null on the last page). */
export interface JobListPage {
  items: Array<JobListItem | UnreadableJob>;
  nextOffset: number | null;
}

/**
 * One page of job list items, newest first: the user's, or everyone's when `userId` is undefined
 * (operators). A row whose picked figures break the payload contracts is returned as unreadable,
 * with its id and the problem, instead of failing the whole page. A page is one statement of
 * `limit` + 1 rows (the one more says whether another page follows), so its limit is at most
 * MAX_LISTED_JOBS (why: contracts/jobs.ts).
 */
export async function listJobItems(
  db: Kysely<Database>,
  userId: string | undefined,
  page: { limit: number; offset: number },
): Promise<JobListPage> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LISTED_JOBS) {
    throw InputError.field(
      'limit',
      `must be a whole number from 1 to ${MAX_LISTED_JOBS}: ${MAX_LISTED_JOBS_REASON}`,
    );
  }
  const rows = await selectListItemRows(db, userId, { ...page, limit: page.limit + 1 });
  const items = rows.slice(0, page.limit).map((row) => {
    try {
      return toJobListItem(row);
    } catch (error) {
      return {
        unreadable: true as const,
        id: row.id,
        status: row.status,
        createdAt: isoFrom(row.created_at),
        problem: describeError(error),
      };
    }
  });
  return { items, nextOffset: rows.length > page.limit ? page.offset + page.limit : null };
}

function selectListItemRows(
  db: Kysely<Database>,
  userId: string | undefined,
  page: { limit: number; offset: number },
) {
  return db
    .selectFrom('jobs')
    .select([
      'id',
      'user_id',
      'job_type',
      'status',
      'attempts',
      'created_at',
      'started_at',
      'completed_at',
      'updated_at',
      sql<string | null>`left(error, ${sql.lit(LISTED_ERROR_CHARS)})`.as('error_preview'),
      sql<number | string | null>`length(error)`.as('error_chars'),
      // IS NULL reads the row's null bitmap, not the document.
      sql<boolean>`report_payload IS NOT NULL`.as('has_report'),
      sql<boolean>`charts_payload IS NOT NULL`.as('has_charts'),
      sql<boolean>`retirement_payload IS NOT NULL`.as('has_retirement'),
      sql<unknown>`summary_payload -> 'status_by_agent'`.as('status_by_agent'),
      sql<unknown>`summary_payload #> '{usage,cost_usd}'`.as('cost_usd'),
      sql<unknown>`CASE WHEN retirement_payload IS NOT NULL THEN jsonb_build_object(
        'success_probability', retirement_payload #> '{results,success_probability}',
        'success_standard_error', retirement_payload #> '{results,success_standard_error}',
        'sustainable_spending_at_90pct', retirement_payload #> '{results,sustainable_spending_at_90pct}'
      ) END`.as('retirement_headline'),
    ])
    .$if(userId !== undefined, (query) => query.where('user_id', '=', userId ?? ''))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

type ListItemRow = Awaited<ReturnType<typeof selectListItemRows>>[number];

function toJobListItem(row: ListItemRow): JobListItem {
  const headline = optionalJsonFrom(
    row.retirement_headline,
    retirementHeadlineSchema,
    'jobs.retirement_payload.results',
  );
  return {
    id: row.id,
    userId: row.user_id,
    type: row.job_type,
    status: row.status,
    error: errorPreview(row.error_preview, row.error_chars),
    attempts: row.attempts,
    createdAt: isoFrom(row.created_at),
    startedAt: optionalIsoFrom(row.started_at),
    completedAt: optionalIsoFrom(row.completed_at),
    updatedAt: isoFrom(row.updated_at),
    hasReport: row.has_report,
    hasCharts: row.has_charts,
    hasRetirement: row.has_retirement,
    statusByAgent: optionalJsonFrom(
      row.status_by_agent,
      statusByAgentSchema,
      'jobs.summary_payload.status_by_agent',
    ),
    costUsd: optionalJsonFrom(row.cost_usd, costUsdSchema, 'jobs.summary_payload.usage.cost_usd'),
    retirementHeadline: headline && {
      successProbability: headline.success_probability,
      successStandardError: headline.success_standard_error,
      sustainableSpendingAt90pct: headline.sustainable_spending_at_90pct,
    },
  };
}

function errorPreview(preview: string | null, chars: number | string | null): string | null {
  if (preview === null) return null;
  const rest = Number(chars) - LISTED_ERROR_CHARS;
  return rest > 0 ? `${preview}… (${rest.toLocaleString('en-US')} more characters)` : preview;
}
