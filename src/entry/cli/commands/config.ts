import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { printJson } from '../output.ts';
import { resolveKnowledgeMode } from '../../../knowledge/index.ts';

export function registerConfigCommand(program: Command, context: CommandContext): void {
  program
    .command('config')
    .description('print the resolved configuration (secrets redacted)')
    .action(async () => {
      const config = context.config();
      const { database } = await context.services();
      const mode = await resolveKnowledgeMode({
        db: database.db,
        config: config.knowledge,
        vectorAvailable: database.vectorAvailable,
      });
      printJson({ ...config, knowledge_search: mode.description });
    });
}
