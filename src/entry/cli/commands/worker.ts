import type { Command } from 'commander';
import { createJobRuntime } from '../../job-runtime.ts';
import { startWorker } from '../../worker.ts';
import type { CommandContext } from '../context.ts';
import { integerOption } from '../options.ts';
import { printNotice } from '../output.ts';

export function registerWorkerCommand(program: Command, context: CommandContext): void {
  program
    .command('worker')
    .description(
      'process queued jobs until stopped (run any number of these against one PostgreSQL)',
    )
    .option('--concurrency <n>', 'jobs at a time in this process', '2')
    .action(async (options: { concurrency: string }) => {
      const concurrency = integerOption('--concurrency', options.concurrency) ?? 2;
      const services = await context.services();
      const runtime = await createJobRuntime(services);
      const worker = await startWorker(services, runtime, {
        concurrency: Math.max(1, concurrency),
      });
      printNotice(
        `worker started (${runtime.queue.kind} queue, concurrency ${concurrency}); Ctrl-C to stop`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      printNotice('stopping: finishing jobs in progress');
      await worker.stop();
    });
}
