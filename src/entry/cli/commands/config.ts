import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { printJson } from '../output.ts';

export function registerConfigCommand(program: Command, context: CommandContext): void {
  program
    .command('config')
    .description('print the resolved configuration (secrets redacted)')
    .action(() => {
      printJson(context.config());
    });
}
