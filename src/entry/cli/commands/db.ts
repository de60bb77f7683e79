import type { Command } from 'commander';
import { openDatabase } from '../../../store/database.ts';
import { migrate } from '../../../store/migrate.ts';
import { createRepositories } from '../../../store/repositories/index.ts';
import { resetDatabase } from '../../../store/reset.ts';
import { seedDemoPortfolio } from '../../../store/seeds/demo-portfolio.ts';
import type { CommandContext } from '../context.ts';
import { printJson, printLine } from '../output.ts';

export function registerDatabaseCommands(program: Command, context: CommandContext): void {
  const db = program.command('db').description('database maintenance');

  db.command('migrate')
    .description('apply pending migrations (also done automatically on start)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const handle = await openDatabase(context.config().database);
      try {
        const report = await migrate(handle.db, { vectorAvailable: handle.vectorAvailable });
        if (options.json) return printJson(report);
        printLine(
          report.applied.length ? `applied: ${report.applied.join(', ')}` : 'nothing to apply',
        );
        for (const waiting of report.waiting) {
          printLine(
            `waiting: ${waiting.name} needs the ${waiting.extension} extension, which this server lacks`,
          );
        }
      } finally {
        await handle.close();
      }
    });

  db.command('reset')
    .description('drop all data, re-create the schema and load the reference instruments')
    .option('--with-test-data', 'also create the demo user with three accounts and positions')
    .option('--json', 'print the result as JSON')
    .action(async (options: { withTestData?: boolean; json?: boolean }) => {
      const handle = await openDatabase(context.config().database);
      try {
        const report = await resetDatabase(handle);
        const demoUser = options.withTestData
          ? await seedDemoPortfolio(createRepositories(handle.db))
          : undefined;
        if (options.json)
          return printJson({ migrations: report, demo_user_id: demoUser?.id ?? null });
        printLine(
          `database reset (${report.applied.length} migrations applied, reference instruments loaded)`,
        );
        if (demoUser) printLine(`demo user: ${demoUser.displayName} (${demoUser.id})`);
      } finally {
        await handle.close();
      }
    });
}
