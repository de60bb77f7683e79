import type { Command } from 'commander';
import type { Config } from '../../../config.ts';
import { InputError } from '../../../errors.ts';
import { openDatabase } from '../../../store/database.ts';
import { migrate } from '../../../store/migrate.ts';
import { createRepositories } from '../../../store/repositories/index.ts';
import { planReset, resetDatabase, type ResetPlan } from '../../../store/reset.ts';
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
    .description(
      'drop Alex’s tables (and its pg-boss schema), re-create them and load the reference ' +
        'instruments; on PostgreSQL or Aurora only with --yes',
    )
    .option('--yes', 'really drop the data (required outside the embedded database)')
    .option('--with-test-data', 'also create the demo user with three accounts and positions')
    .option('--json', 'print the result as JSON')
    .action(async (options: { yes?: boolean; withTestData?: boolean; json?: boolean }) => {
      const config = context.config();
      const handle = await openDatabase(config.database);
      try {
        const plan = await planReset(handle, { pgbossSchema: pgbossSchemaOf(config) });
        // The embedded database is this checkout's own; a server may hold data others need.
        if (handle.kind !== 'pglite' && !options.yes) {
          if (options.json) printJson({ would_drop: planAsJson(plan) });
          else printPlan(plan);
          throw InputError.field(
            '--yes',
            `required to reset a ${handle.kind === 'aurora' ? 'Aurora' : 'PostgreSQL'} database; nothing was dropped`,
          );
        }
        const report = await resetDatabase(handle, plan);
        const demoUser = options.withTestData
          ? await seedDemoPortfolio(createRepositories(handle.db))
          : undefined;
        if (options.json)
          return printJson({
            dropped: planAsJson(plan),
            migrations: report,
            demo_user_id: demoUser?.id ?? null,
          });
        printLine(
          `database reset (${report.applied.length} migrations applied, reference instruments loaded)`,
        );
        if (demoUser) printLine(`demo user: ${demoUser.displayName} (${demoUser.id})`);
      } finally {
        await handle.close();
      }
    });
}

/** The pg-boss schema Alex uses: the configured one, or pg-boss's default with that queue. */
function pgbossSchemaOf(config: Config): string | undefined {
  return config.queue.pgbossSchema ?? (config.queue.kind === 'pgboss' ? 'pgboss' : undefined);
}

function planAsJson(plan: ResetPlan) {
  return { schema: plan.schema, tables: plan.tables, pgboss_schema: plan.pgbossSchema ?? null };
}

function printPlan(plan: ResetPlan): void {
  printLine(`db reset would drop, in schema ${plan.schema}:`);
  for (const table of plan.tables) printLine(`  table ${table}`);
  if (plan.pgbossSchema) printLine(`  schema ${plan.pgbossSchema} (the pg-boss queue)`);
  printLine('and nothing else; run again with --yes to do it');
}
