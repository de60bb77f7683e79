import type { Command } from 'commander';
import { createJobRuntime } from '../../job-runtime.ts';
import { createPooledRetirementProjector } from '../../retirement-projector.ts';
import { startWorker } from '../../worker.ts';
import type { CommandContext } from '../context.ts';
import type { NumberRange } from '../../../contracts/limits.ts';
import { numberOption } from '../options.ts';
import { printNotice } from '../output.ts';
import { untilSignal } from '../until-signal.ts';

// Jobs one process runs at a time; each holds agents, model calls and a database connection.
const CONCURRENCY: NumberRange = { min: 1, max: 64, integer: true };

export function registerWorkerCommand(program: Command, context: CommandContext): void {
  program
    .command('worker')
    .description(
      'process queued jobs until stopped (run any number of these against one PostgreSQL)',
    )
    .option('--concurrency <n>', 'jobs at a time in this process', '2')
    .action(async (options: { concurrency: string }) => {
      const concurrency = numberOption('--concurrency', options.concurrency, CONCURRENCY) ?? 2;
      const services = await context.services();
      // The retirement projection runs on warm threads, so a job's Monte Carlo does not hold
      // up the heartbeats and progress of the jobs beside it.
      const projector = createPooledRetirementProjector();
      const runtime = await createJobRuntime(services, { retirementProjector: projector });
      const worker = await startWorker(services, runtime, { concurrency });
      printNotice(
        `worker started (${runtime.queue.kind} queue, concurrency ${concurrency}, ` +
          `${projector.threads} projection thread${projector.threads === 1 ? '' : 's'}); Ctrl-C to stop`,
      );
      await untilSignal();
      printNotice('stopping: finishing jobs in progress');
      await worker.stop();
      await projector.close();
    });
}
