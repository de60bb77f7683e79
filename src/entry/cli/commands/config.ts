import type { Command } from 'commander';
import { describeError } from '../../../errors.ts';
import { resolveKnowledgeMode } from '../../../knowledge/index.ts';
import { openDatabase } from '../../../store/database.ts';
import type { CommandContext } from '../context.ts';
import { printJson } from '../output.ts';

export function registerConfigCommand(program: Command, context: CommandContext): void {
  program
    .command('config')
    .description(
      'print the resolved configuration (secrets redacted) and the knowledge-search mode',
    )
    .action(async () => {
      const config = context.config();
      printJson({
        ...config,
        llm: { ...config.llm, baseUrl: withoutCredentials(config.llm.baseUrl) },
        market: {
          ...config.market,
          polygonBaseUrl: withoutCredentials(config.market.polygonBaseUrl),
        },
        knowledge_search: await knowledgeSearchMode(config),
      });
    });
}

/**
 * The search mode needs the database, but `alex config` must also work (and change nothing)
 * when the database is wrong: it opens the database without migrating and reports failures.
 */
async function knowledgeSearchMode(config: ReturnType<CommandContext['config']>): Promise<string> {
  try {
    const database = await openDatabase(config.database);
    try {
      const mode = await resolveKnowledgeMode({
        db: database.db,
        config: config.knowledge,
        vectorAvailable: database.vectorAvailable,
      });
      return mode.description;
    } finally {
      await database.close();
    }
  } catch (error) {
    return `unknown: the database could not be reached (${describeError(error)})`;
  }
}

/** A URL as it may be printed: user name and password removed. */
function withoutCredentials(url: string | undefined): string | undefined {
  if (!url) return url;
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
