import type { Command } from 'commander';
import { SPECIALIST_NAMES, type SpecialistName } from '../../../contracts/jobs.ts';
import { InputError, TimeoutError } from '../../../errors.ts';
import { submitJob } from '../../../jobs/index.ts';
import type { Services } from '../../compose.ts';
import { createJobRuntime } from '../../job-runtime.ts';
import { startWorker } from '../../worker.ts';
import type { CommandContext } from '../context.ts';
import { ensureDemoUser } from '../demo-user.ts';
import {
  DEFAULT_OUTPUT_DIRECTORY,
  jobAsJson,
  prepareOutputDirectory,
  writeJobOutputs,
} from '../job-output.ts';
import { numberOption } from '../options.ts';
import { printJson, printLine, printNotice } from '../output.ts';
import { followJob } from '../progress-display.ts';
import { createProgressFeed } from '../progress-feed.ts';

export interface AnalyzeOptions {
  demo?: boolean;
  user?: string;
  request?: string;
  agents?: string;
  json?: boolean;
  worker?: boolean;
  output?: string;
  timeout?: string;
}

// Following a job that other processes run ends after this long by default: one full attempt
// (the 900 s job deadline) and a retry after a lost worker fit in it, so a job that still has not
// finished is stuck or queued behind many others, and the person gets their terminal back.
const DEFAULT_FOLLOW_TIMEOUT_SECONDS = 1800;

export function registerAnalyzeCommand(program: Command, context: CommandContext): void {
  program
    .command('analyze')
    .description('analyse a portfolio with all five agents and write the outputs')
    .option('--demo', 'analyse the demo portfolio (created if missing)')
    .option('--user <id>', 'analyse this user’s portfolio')
    .option('--request <text>', 'what you want, e.g. "just the retirement outlook"')
    .option('--agents <list>', `specialists to run: ${SPECIALIST_NAMES.join(',')}`)
    .option('--no-worker', 'only enqueue and follow; leave the work to `alex worker` processes')
    .option('--output <dir>', 'where to write the outputs', DEFAULT_OUTPUT_DIRECTORY)
    .option('--json', 'print the final job (status and all payloads) as JSON')
    .option(
      '--timeout <seconds>',
      'with --no-worker: stop following after this long (the job keeps running in the workers)',
      String(DEFAULT_FOLLOW_TIMEOUT_SECONDS),
    )
    .action(async (options: AnalyzeOptions) => {
      // Checked before the database is opened: a refused run writes nothing.
      checkFollowOptions(context.config().database.kind, options);
      await analyze(await context.services(), options);
    });
}

export async function analyze(services: Services, options: AnalyzeOptions): Promise<void> {
  prepareOutputDirectory(options.output ?? DEFAULT_OUTPUT_DIRECTORY);
  const timeoutSeconds = checkFollowOptions(services.database.kind, options);
  const userId = await resolveUser(services, options);
  const agents = parseAgents(options.agents);
  // A worker in this process tells the display when something happened (no polling); the
  // feed is simply never fed when the job runs elsewhere.
  const progress = createProgressFeed();
  const runtime = await createJobRuntime(services, { onProgress: progress.listener });
  const runHere = options.worker !== false && runtime.queue.kind !== 'sqs';
  const worker = runHere ? await startWorker(services, runtime, { concurrency: 1 }) : undefined;
  try {
    const job = await submitJob(
      { repositories: services.repositories, queue: runtime.queue },
      userId,
      {
        analysis_type: 'portfolio_analysis',
        ...(options.request ? { request: options.request } : {}),
        ...(agents ? { agents } : {}),
      },
    );
    if (!options.json) printNotice(`job ${job.id} queued (${runtime.queue.kind} queue)`);
    // A worker in this process bounds the job by its own deadline; elsewhere only a timeout does.
    const finished = runHere
      ? await followJob(services.repositories, userId, job.id, { live: !options.json, progress })
      : await followWithTimeout(services, userId, job.id, timeoutSeconds, !options.json);
    const outputs = writeJobOutputs(finished, options.output);
    if (finished.status === 'failed') process.exitCode = 1;
    if (options.json) return printJson(jobAsJson(finished));
    printLine();
    printLine(
      finished.summaryPayload?.summary ?? `job ${finished.status}: ${finished.error ?? ''}`,
    );
    if (finished.error) printLine(`errors: ${finished.error}`);
    printLine();
    printLine(`outputs in ${outputs.directory}/`);
    for (const file of outputs.files) printLine(`  ${file}`);
  } finally {
    // Stopping the worker stops its queue; without one, the queue used to send must be
    // stopped here or its connections (pg-boss) keep the process alive.
    await (worker ?? runtime.queue).stop();
  }
}

async function followWithTimeout(
  services: Services,
  userId: string,
  jobId: string,
  timeoutSeconds: number,
  live: boolean,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new TimeoutError(`following job ${jobId} (--timeout)`, timeoutSeconds * 1000));
  }, timeoutSeconds * 1000);
  try {
    return await followJob(services.repositories, userId, jobId, {
      live,
      signal: controller.signal,
    });
  } catch (error) {
    if (error instanceof TimeoutError) {
      const job = await services.repositories.jobs.get(userId, jobId);
      printNotice(
        `job ${jobId} is still ${job.status} after ${timeoutSeconds} s (--timeout); it keeps running in the workers: see \`alex jobs show ${jobId}\``,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Refuse --no-worker where no other process can take the job; the --timeout in seconds. */
function checkFollowOptions(databaseKind: Services['database']['kind'], options: AnalyzeOptions) {
  const timeoutSeconds = parseTimeout(options.timeout);
  if (options.worker === false && databaseKind === 'pglite') {
    throw InputError.field(
      '--no-worker',
      'the embedded database (ALEX_DATA_DIR) is open in one process only, so no `alex worker` could take the job and it would wait for ever; drop --no-worker to run it here, or use PostgreSQL (DATABASE_URL) for separate workers',
    );
  }
  return timeoutSeconds;
}

function parseTimeout(value: string | undefined): number {
  return (
    numberOption('--timeout', value, { min: 1, max: 86_400, integer: true }) ??
    DEFAULT_FOLLOW_TIMEOUT_SECONDS
  );
}

async function resolveUser(services: Services, options: AnalyzeOptions): Promise<string> {
  if (options.demo && options.user)
    throw InputError.field('--user', 'give either --demo or --user, not both');
  if (options.user) return (await services.repositories.users.get(options.user)).id;
  if (!options.demo) throw InputError.field('--user', 'give --user <id> or --demo');
  return ensureDemoUser(services);
}

function parseAgents(list: string | undefined): SpecialistName[] | undefined {
  if (list === undefined) return undefined;
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SPECIALIST_NAMES as readonly string[]).includes(name));
  if (unknown.length || names.length === 0) {
    throw InputError.field(
      '--agents',
      `must list some of ${SPECIALIST_NAMES.join(', ')} (got "${list}")`,
    );
  }
  return names as SpecialistName[];
}
