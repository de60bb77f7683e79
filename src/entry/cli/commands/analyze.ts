import type { Command } from 'commander';
import { SPECIALIST_NAMES, type SpecialistName } from '../../../contracts/jobs.ts';
import { InputError } from '../../../errors.ts';
import { submitJob } from '../../../jobs/index.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../../store/seeds/demo-portfolio.ts';
import type { Services } from '../../compose.ts';
import { createJobRuntime } from '../../job-runtime.ts';
import { startWorker } from '../../worker.ts';
import type { CommandContext } from '../context.ts';
import {
  DEFAULT_OUTPUT_DIRECTORY,
  jobAsJson,
  prepareOutputDirectory,
  writeJobOutputs,
} from '../job-output.ts';
import { printJson, printLine, printNotice } from '../output.ts';
import { followJob } from '../progress-display.ts';

export interface AnalyzeOptions {
  demo?: boolean;
  user?: string;
  request?: string;
  agents?: string;
  json?: boolean;
  worker?: boolean;
  output?: string;
}

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
    .action(async (options: AnalyzeOptions) => {
      await analyze(await context.services(), options);
    });
}

export async function analyze(services: Services, options: AnalyzeOptions): Promise<void> {
  prepareOutputDirectory(options.output ?? DEFAULT_OUTPUT_DIRECTORY);
  const userId = await resolveUser(services, options);
  const agents = parseAgents(options.agents);
  const runtime = await createJobRuntime(services);
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
    const finished = await followJob(services.repositories, userId, job.id, {
      live: !options.json,
    });
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

async function resolveUser(services: Services, options: AnalyzeOptions): Promise<string> {
  if (options.demo && options.user)
    throw InputError.field('--user', 'give either --demo or --user, not both');
  if (options.user) return (await services.repositories.users.get(options.user)).id;
  if (!options.demo) throw InputError.field('--user', 'give --user <id> or --demo');
  const users = await services.repositories.users.list();
  if (!users.some((user) => user.id === DEMO_USER_ID)) {
    await seedDemoPortfolio(services.repositories);
    printNotice('created the demo portfolio (Demo Investor: 401(k), Roth IRA, taxable brokerage)');
  }
  return DEMO_USER_ID;
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
