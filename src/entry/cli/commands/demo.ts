import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { analyze } from './analyze.ts';

export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description('analyse the demo portfolio with all five agents in the terminal (`npm run demo`)')
    .option('--output <dir>', 'where to write the outputs', 'alex-output')
    .action(async (options: { output: string }) => {
      await analyze(await context.services(), { demo: true, output: options.output });
    });
}
