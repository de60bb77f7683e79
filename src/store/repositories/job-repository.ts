import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { jobRequestSchema, type JobRequest, type JobStatus } from '../../contracts/jobs.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  summaryPayloadSchema,
  type ChartsPayload,
  type ReportPayload,
  type RetirementPayload,
  type SummaryPayload,
} from '../../contracts/payloads.ts';
import { ConflictError, NotFoundError, RateLimitError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';
import {
  isoFrom,
  jsonFrom,
  jsonText,
  optionalIsoFrom,
  optionalJsonFrom,
  storedError,
} from '../columns.ts';
import type { Database, JobRow } from '../tables.ts';
import { idSchema } from './account-repository.ts';
import {
  documentText,
  readJobDocuments,
  type JobDocumentColumn,
  type JobDocuments,
} from './job-documents.ts';
import { listJobItems, type JobListPage } from './job-list.ts';

export interface Job {
  id: string;
  userId: string;
  type: string;
  status: JobStatus;
  request: JobRequest;
  /** The portfolio snapshot built by the planner (raw JSON; the agents module gives it a type). */
  snapshot: unknown;
  reportPayload: ReportPayload | null;
  chartsPayload: ChartsPayload | null;
  retirementPayload: RetirementPayload | null;
  summaryPayload: SummaryPayload | null;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  deadlineAt: string | null;
  /** When the worker running the current attempt last said it was alive. */
  heartbeatAt: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
}

/** An abandoned running job, as much of it as handing it on (requeue or fail) needs. */
export type AbandonedJob = Pick<Job, 'id' | 'attempts' | 'maxAttempts'>;

// How many abandoned jobs one read returns. Unbounded, a backlog of them (a region-wide outage
// that stopped every worker) would be one answer larger than the Aurora Data API's 1 MiB, and a
// reaper pass handing them all on might outlast its scheduled invocation. A row is under 100 bytes,
// so the read is small; the reaper runs again on its schedule and takes the next batch then.
export const ABANDONED_JOBS_PER_READ = 100;

/** What one user may start: one analysis at a time, and so many an hour. */
export interface AnalysisLimits {
  maxPerHour: number;
}

const HOUR_MS = 3_600_000;

export const PAYLOAD_COLUMNS = {
  reporter: 'report_payload',
  charter: 'charts_payload',
  retirement: 'retirement_payload',
} as const;
export type PayloadAgent = keyof typeof PAYLOAD_COLUMNS;

/** A job row without its documents (snapshot and payloads), which are read apart. */
type JobRowWithoutDocuments = Omit<JobRow, JobDocumentColumn>;
const JOB_ROW_COLUMNS = [
  'id',
  'user_id',
  'job_type',
  'status',
  'request',
  'error',
  'attempts',
  'max_attempts',
  'deadline_at',
  'heartbeat_at',
  'created_at',
  'started_at',
  'completed_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof JobRowWithoutDocuments>;

/** A job row with its documents, as JSON text. */
interface StoredJob {
  row: JobRowWithoutDocuments;
  documents: JobDocuments;
}

export function createJobRepository(db: Kysely<Database>) {
  /** The rows with their documents, read in chunks that each Data API call can carry. */
  async function withDocuments(rows: JobRowWithoutDocuments[]): Promise<StoredJob[]> {
    const documents = await readJobDocuments(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({ row, documents: documents.get(row.id) ?? {} }));
  }

  async function oneJob(row: JobRowWithoutDocuments | undefined): Promise<Job | undefined> {
    if (!row) return undefined;
    const [stored] = await withDocuments([row]);
    return stored ? toJob(stored) : undefined;
  }

  async function recentJobs(userId: string | undefined, limit = 50): Promise<StoredJob[]> {
    let query = db.selectFrom('jobs').select(JOB_ROW_COLUMNS);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    return withDocuments(await query.orderBy('created_at', 'desc').limit(limit).execute());
  }

  return {
    async create(
      userId: string,
      request: JobRequest,
      options: { maxAttempts?: number } = {},
    ): Promise<Job> {
      const validRequest = parseWith(jobRequestSchema, request, 'request');
      const row = await db
        .insertInto('jobs')
        .values({
          user_id: userId,
          job_type: validRequest.analysis_type,
          request: jsonText(validRequest),
          ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
        })
        .returning(JOB_ROW_COLUMNS)
        .executeTakeFirstOrThrow();
      return toJob({ row, documents: {} });
    },

    /**
     * Create a job if the user has none pending or running and has started fewer than
     * `limits.maxPerHour` in the last hour; else ConflictError or RateLimitError and nothing
     * is written. The user's row is locked for the check, so two requests at once cannot both
     * pass it, in this process or another.
     */
    async createWithinLimits(
      userId: string,
      request: JobRequest,
      limits: AnalysisLimits,
    ): Promise<Job> {
      const validRequest = parseWith(jobRequestSchema, request, 'request');
      return db.transaction().execute(async (trx) => {
        const user = await trx
          .selectFrom('users')
          .select('id')
          .where('id', '=', userId)
          .forUpdate()
          .executeTakeFirst();
        if (!user) throw new NotFoundError('user', userId);
        const active = await trx
          .selectFrom('jobs')
          .select('id')
          .where('user_id', '=', userId)
          .where('status', 'in', ['pending', 'running'])
          .limit(1)
          .executeTakeFirst();
        if (active) {
          throw new ConflictError(
            `analysis ${active.id} is still running; one analysis at a time per user (wait for it to finish)`,
          );
        }
        const recent = await trx
          .selectFrom('jobs')
          .select('created_at')
          .where('user_id', '=', userId)
          .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
          .orderBy('created_at', 'desc')
          .limit(limits.maxPerHour)
          .execute();
        if (recent.length >= limits.maxPerHour) {
          const oldest = recent[recent.length - 1]?.created_at ?? new Date();
          const retryAfterMs = new Date(oldest).getTime() + HOUR_MS - Date.now();
          throw new RateLimitError(
            `at most ${limits.maxPerHour} analyses an hour per user (ALEX_ANALYZE_RATE_LIMIT)`,
            Math.max(1, Math.ceil(retryAfterMs / 1000)),
          );
        }
        const row = await trx
          .insertInto('jobs')
          .values({
            user_id: userId,
            job_type: validRequest.analysis_type,
            request: jsonText(validRequest),
          })
          .returning(JOB_ROW_COLUMNS)
          .executeTakeFirstOrThrow();
        return toJob({ row, documents: {} });
      });
    },

    /** The database's clock: the one every job and agent-run timestamp was written with. */
    async databaseNow(): Promise<Date> {
      const result = await sql<{ now: Date | string }>`SELECT now() AS now`.execute(db);
      return new Date(result.rows[0]?.now ?? Date.now());
    },

    /**
     * One page of jobs as list items (no payloads), newest first: the user's, or everyone's when
     * `userId` is undefined (operators). Unreadable rows are reported as such.
     */
    async listPage(
      userId: string | undefined,
      page: { limit: number; offset: number },
    ): Promise<JobListPage> {
      return listJobItems(db, userId, page);
    },

    /** The user's job, or NotFoundError (also for another user's job). */
    async get(userId: string, jobId: string): Promise<Job> {
      const row = await db
        .selectFrom('jobs')
        .select(JOB_ROW_COLUMNS)
        .where('user_id', '=', userId)
        .where('id', '=', parseWith(idSchema('job'), jobId, 'job'))
        .executeTakeFirst();
      const job = await oneJob(row);
      if (!job) throw new NotFoundError('job', jobId);
      return job;
    },

    /**
     * A job by id alone, for workers and operators: a queue message carries only the job id.
     * Never exposed to a user-facing request.
     */
    async findForWorker(jobId: string): Promise<Job | undefined> {
      const row = await db
        .selectFrom('jobs')
        .select(JOB_ROW_COLUMNS)
        .where('id', '=', parseWith(idSchema('job'), jobId, 'job'))
        .executeTakeFirst();
      return oneJob(row);
    },

    async list(userId: string | undefined, options: { limit?: number } = {}): Promise<Job[]> {
      return (await recentJobs(userId, options.limit)).map(toJob);
    },

    /**
     * pending → running, atomically: only one claimant wins; a duplicate delivery of a running
     * or finished job gets undefined and does nothing. Counts the attempt and sets the deadline.
     */
    async claim(jobId: string, deadlineAt: Date): Promise<Job | undefined> {
      const row = await db
        .updateTable('jobs')
        .set({
          status: 'running',
          attempts: sql`attempts + 1`,
          started_at: sql`now()`,
          deadline_at: deadlineAt,
          heartbeat_at: sql`now()`,
          error: null,
          updated_at: sql`now()`,
        })
        .where('id', '=', jobId)
        .where('status', '=', 'pending')
        .returning(JOB_ROW_COLUMNS)
        .executeTakeFirst();
      // A job claimed again after a failed attempt keeps what that attempt wrote.
      return oneJob(row);
    },

    /** Store the planner's snapshot, only while the job runs in the given attempt. */
    async saveSnapshot(jobId: string, snapshot: unknown, attempt?: number): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({ snapshot: documentText('snapshot', snapshot), updated_at: sql`now()` })
        .where('id', '=', jobId)
        .$if(attempt !== undefined, (query) =>
          query.where('status', '=', 'running').where('attempts', '=', attempt ?? 0),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * The worker running `attempt` is alive. False when the job is no longer running in that
     * attempt (it was reaped, taken over or finished): the worker has lost it.
     */
    async heartbeat(jobId: string, attempt: number): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({ heartbeat_at: sql`now()` })
        .where('id', '=', jobId)
        .where('status', '=', 'running')
        .where('attempts', '=', attempt)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Write one specialist's payload into a running job; the other payloads are untouched. A
     * late writer (its job already finished or taken back) writes nothing and gets false.
     */
    async savePayload(
      jobId: string,
      agent: PayloadAgent,
      payload: unknown,
      attempt?: number,
    ): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({
          [PAYLOAD_COLUMNS[agent]]: documentText(PAYLOAD_COLUMNS[agent], payload),
          updated_at: sql`now()`,
        })
        .where('id', '=', jobId)
        .where('status', '=', 'running')
        .$if(attempt !== undefined, (query) => query.where('attempts', '=', attempt ?? 0))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Record the final status with the summary and any error, only while the job is running
     * in the given attempt: a worker whose job was reaped and re-claimed cannot finish it.
     */
    async finish(
      jobId: string,
      outcome: {
        status: 'completed' | 'partial' | 'failed';
        summary?: SummaryPayload;
        error?: string | null;
        attempt?: number;
      },
    ): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({
          status: outcome.status,
          ...(outcome.summary
            ? { summary_payload: documentText('summary_payload', outcome.summary) }
            : {}),
          error: storedError(outcome.error),
          completed_at: sql`now()`,
          deadline_at: null,
          heartbeat_at: null,
          updated_at: sql`now()`,
        })
        .where('id', '=', jobId)
        .where('status', '=', 'running')
        .$if(outcome.attempt !== undefined, (query) =>
          query.where('attempts', '=', outcome.attempt ?? 0),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Fail a job. With `attempt`, only while it is running in that attempt (a worker failing its
     * own run cannot touch a later attempt); without, a job that never ran (its message could not
     * be enqueued) or any running one. False when nothing was changed.
     */
    async fail(jobId: string, reason: string, attempt?: number): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({
          status: 'failed',
          error: storedError(reason),
          completed_at: sql`now()`,
          deadline_at: null,
          heartbeat_at: null,
          updated_at: sql`now()`,
        })
        .where('id', '=', jobId)
        .$if(attempt === undefined, (query) => query.where('status', 'in', ['pending', 'running']))
        .$if(attempt !== undefined, (query) =>
          query.where('status', '=', 'running').where('attempts', '=', attempt ?? 0),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Put a job back to pending (re-run of a partial/failed job, or a running job whose attempt
     * crashed or was abandoned). With `attempt`, only if that is still the job's attempt: a
     * worker that lost its job cannot send a later attempt back to the queue.
     */
    async requeue(
      jobId: string,
      fromStatuses: readonly JobStatus[],
      reason: string | null = null,
      attempt?: number,
    ): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({
          status: 'pending',
          error: storedError(reason),
          deadline_at: null,
          heartbeat_at: null,
          completed_at: null,
          updated_at: sql`now()`,
        })
        .where('id', '=', jobId)
        .where('status', 'in', [...fromStatuses])
        .$if(attempt !== undefined, (query) => query.where('attempts', '=', attempt ?? 0))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Give a re-run job a fresh attempt allowance. */
    async resetAttempts(jobId: string): Promise<void> {
      await db.updateTable('jobs').set({ attempts: 0 }).where('id', '=', jobId).execute();
    },

    /**
     * Running jobs whose worker is gone: past their deadline (`now` on the caller's clock), or
     * silent for longer than `heartbeatTimeoutMs` (on the database's clock, which wrote the
     * heartbeat); the earliest deadlines first, at most ABANDONED_JOBS_PER_READ of them. With
     * `jobId`, that job only. Each comes with what handing it on needs, not its stored error or
     * documents.
     */
    async listAbandoned(
      now: Date,
      heartbeatTimeoutMs: number,
      jobId?: string,
    ): Promise<AbandonedJob[]> {
      const rows = await db
        .selectFrom('jobs')
        .select(['id', 'attempts', 'max_attempts'])
        .where('status', '=', 'running')
        .$if(jobId !== undefined, (query) => query.where('id', '=', jobId ?? ''))
        .where((eb) =>
          eb.or([
            eb('deadline_at', '<', now),
            eb(
              'heartbeat_at',
              '<',
              sql<Date>`now() - make_interval(secs => ${heartbeatTimeoutMs / 1000}::double precision)`,
            ),
          ]),
        )
        .orderBy('deadline_at')
        .orderBy('id')
        .limit(ABANDONED_JOBS_PER_READ)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
      }));
    },

    /** Pending jobs untouched since `before`: their message may have been lost. */
    async listStalePending(before: Date): Promise<string[]> {
      const rows = await db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'pending')
        .where('updated_at', '<', before)
        .orderBy('updated_at')
        .limit(100)
        .execute();
      return rows.map((row) => row.id);
    },

    /** How many jobs wait for a worker and how many run: the reaper weighs them against the queue. */
    async countPendingAndRunning(): Promise<{ pending: number; running: number }> {
      const rows = await db
        .selectFrom('jobs')
        .select(['status', db.fn.countAll<string>().as('count')])
        .where('status', 'in', ['pending', 'running'])
        .groupBy('status')
        .execute();
      const count = (status: string) =>
        Number(rows.find((row) => row.status === status)?.count ?? 0);
      return { pending: count('pending'), running: count('running') };
    },

    /** Pending job ids, oldest first (the local queue resumes them after a restart). */
    async listPendingIds(limit = 100): Promise<string[]> {
      const rows = await db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'pending')
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },
  };
}

export type JobRepository = ReturnType<typeof createJobRepository>;

const storedRequestSchema = jobRequestSchema.or(
  z
    .object({})
    .loose()
    .transform(() => ({ analysis_type: 'portfolio_analysis' as const })),
);

function toJob({ row, documents }: StoredJob): Job {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.job_type,
    status: row.status,
    request: jsonFrom(row.request, storedRequestSchema, 'jobs.request'),
    snapshot: optionalJsonFrom(documents.snapshot, z.unknown(), 'jobs.snapshot'),
    reportPayload: optionalJsonFrom(
      documents.report_payload,
      reportPayloadSchema,
      'jobs.report_payload',
    ),
    chartsPayload: optionalJsonFrom(
      documents.charts_payload,
      chartsPayloadSchema,
      'jobs.charts_payload',
    ),
    retirementPayload: optionalJsonFrom(
      documents.retirement_payload,
      retirementPayloadSchema,
      'jobs.retirement_payload',
    ),
    summaryPayload: optionalJsonFrom(
      documents.summary_payload,
      summaryPayloadSchema,
      'jobs.summary_payload',
    ),
    error: row.error,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    deadlineAt: optionalIsoFrom(row.deadline_at),
    heartbeatAt: optionalIsoFrom(row.heartbeat_at),
    createdAt: isoFrom(row.created_at),
    startedAt: optionalIsoFrom(row.started_at),
    completedAt: optionalIsoFrom(row.completed_at),
    updatedAt: isoFrom(row.updated_at),
  };
}
