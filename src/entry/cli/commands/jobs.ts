import type { Command } from 'commander';
import { MAX_LISTED_JOBS, MAX_LISTED_JOBS_REASON } from '../../../contracts/jobs.ts';
import { NotFoundError } from '../../../errors.ts';
import type { Job, JobListItem, UnreadableJob } from '../../../store/repositories/index.ts';
import { retirementHeadlineWire } from '../../http/wire-shapes.ts';
import type { CommandContext } from '../context.ts';
import { numberOption } from '../options.ts';
import { formatTable, printJson, printLine } from '../output.ts';

const PAYLOADS = [
  'report_payload',
  'charts_payload',
  'retirement_payload',
  'summary_payload',
] as const;

/** What `jobs show` prints: status, timestamps, the size of each payload, the error. */
export function describeJob(job: Job) {
  const payloads = {
    report_payload: job.reportPayload,
    charts_payload: job.chartsPayload,
    retirement_payload: job.retirementPayload,
    summary_payload: job.summaryPayload,
  };
  return {
    id: job.id,
    user_id: job.userId,
    type: job.type,
    status: job.status,
    attempts: job.attempts,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    error: job.error,
    payload_bytes: Object.fromEntries(
      PAYLOADS.map((name) => [
        name,
        payloads[name] === null ? null : Buffer.byteLength(JSON.stringify(payloads[name])),
      ]),
    ),
  };
}

/**
 * What `jobs list` shows of a job: what GET /api/jobs lists, in the CLI's own field names; the
 * payloads' sizes are `jobs show`'s, since a list does not read the payloads.
 */
function describeJobListItem(job: JobListItem) {
  return {
    id: job.id,
    user_id: job.userId,
    type: job.type,
    status: job.status,
    attempts: job.attempts,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    error: job.error,
    has_report: job.hasReport,
    has_charts: job.hasCharts,
    has_retirement: job.hasRetirement,
    cost_usd: job.costUsd,
    retirement_headline: retirementHeadlineWire(job.retirementHeadline),
  };
}

/** What `jobs list` shows of a row it cannot read: enough to find it, and the problem. */
function describeUnreadableJob(job: UnreadableJob) {
  return { id: job.id, status: job.status, created_at: job.createdAt, unreadable: job.problem };
}

export function registerJobCommands(program: Command, context: CommandContext): void {
  const jobs = program.command('jobs').description('analysis jobs');
  jobs
    .command('list')
    .description('recent jobs, newest first')
    .option('--user <id>', 'only this user’s jobs')
    .option(
      '--limit <n>',
      `how many to print, 1 to ${MAX_LISTED_JOBS}: ${MAX_LISTED_JOBS_REASON}`,
      '20',
    )
    .option('--json', 'print JSON')
    .action(async (options: { user?: string; limit: string; json?: boolean }) => {
      const limit =
        numberOption(
          '--limit',
          options.limit,
          { min: 1, max: MAX_LISTED_JOBS, integer: true },
          MAX_LISTED_JOBS_REASON,
        ) ?? 20;
      const { repositories } = await context.services();
      const userId = options.user ? (await repositories.users.get(options.user)).id : undefined;
      const page = await repositories.jobs.listPage(userId, { limit, offset: 0 });
      const list = page.items.map((job) =>
        'unreadable' in job ? describeUnreadableJob(job) : describeJobListItem(job),
      );
      if (options.json) return printJson(list);
      if (list.length === 0) return printLine('no jobs yet: run `npx alex analyze --demo`');
      printLine(
        formatTable(
          ['id', 'status', 'created', 'completed', 'error'],
          list.map((job) => [
            job.id,
            job.status,
            job.created_at,
            'completed_at' in job ? (job.completed_at ?? '') : '',
            'unreadable' in job ? `unreadable: ${job.unreadable}` : (job.error ?? ''),
          ]),
        ),
      );
    });
  jobs
    .command('show <id>')
    .description('one job: status, timestamps, payload sizes, error')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const { repositories } = await context.services();
      const job = await repositories.jobs.findForWorker(id);
      if (!job) throw new NotFoundError('job', id);
      const described = describeJob(job);
      if (options.json) return printJson(described);
      const { payload_bytes: _sizes, ...fields } = described;
      for (const [key, value] of Object.entries(fields)) {
        printLine(`${key.padEnd(20)} ${value === null ? '' : String(value)}`);
      }
      for (const [name, bytes] of Object.entries(described.payload_bytes)) {
        printLine(`${name.padEnd(20)} ${bytes === null ? 'none' : `${bytes} bytes`}`);
      }
    });
}
