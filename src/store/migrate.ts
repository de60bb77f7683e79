import { sql, type Kysely } from 'kysely';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { compareSchemaVersion } from './schema-version.ts';
import type { Database } from './tables.ts';

// Any fixed 64-bit number works as long as every Alex process uses the same one: it is the
// advisory lock that lets two processes start at once without applying a migration twice.
const MIGRATION_LOCK_KEY = 7_413_902_551;

export interface MigrationReport {
  applied: string[];
  /** Migrations waiting for an extension this server does not offer (e.g. pgvector). */
  waiting: Array<{ name: string; extension: string }>;
}

/**
 * Apply pending migrations in order, each in its own transaction that first takes the
 * advisory lock and re-checks the record, so concurrent starters apply each one once.
 */
export async function migrate(
  db: Kysely<Database>,
  options: { vectorAvailable: () => Promise<boolean>; migrations?: readonly Migration[] },
): Promise<MigrationReport> {
  const migrations = options.migrations ?? MIGRATIONS;
  // Every start of every process comes here, and the database nearly always has every migration
  // (a new embedded data directory too: it is copied from the migrated template). One read
  // tells; only a database that lacks one takes the lock and checks each migration in turn.
  if (await isCurrent(db, migrations, options.vectorAvailable)) {
    return { applied: [], waiting: await waitingForVector(migrations, options.vectorAvailable) };
  }
  // Even CREATE TABLE IF NOT EXISTS races between two sessions, so it runs under the lock too.
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS alex_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(trx);
  });

  const report: MigrationReport = { applied: [], waiting: [] };
  for (const migration of migrations) {
    if (migration.requiresExtension === 'vector' && !(await options.vectorAvailable())) {
      report.waiting.push({ name: migration.name, extension: 'vector' });
      continue;
    }
    const applied = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const done = await trx
        .selectFrom('alex_migrations')
        .select('name')
        .where('name', '=', migration.name)
        .executeTakeFirst();
      if (done) return false;
      for (const statement of splitStatements(migration.sql)) {
        await sql.raw(statement).execute(trx);
      }
      await trx.insertInto('alex_migrations').values({ name: migration.name }).execute();
      return true;
    });
    if (applied) report.applied.push(migration.name);
  }
  return report;
}

async function isCurrent(
  db: Kysely<Database>,
  migrations: readonly Migration[],
  vectorAvailable: () => Promise<boolean>,
): Promise<boolean> {
  const table = await sql<{ present: boolean }>`
    SELECT to_regclass('alex_migrations') IS NOT NULL AS present
  `.execute(db);
  if (table.rows[0]?.present !== true) return false;
  const names = (await db.selectFrom('alex_migrations').select('name').execute()).map(
    (row) => row.name,
  );
  const needsVector = migrations.some((migration) => migration.requiresExtension === 'vector');
  const vector = needsVector ? await vectorAvailable() : false;
  return compareSchemaVersion(names, { vectorAvailable: vector, migrations }).missing.length === 0;
}

/** The migrations left for an extension this server does not offer, as the full run reports. */
async function waitingForVector(
  migrations: readonly Migration[],
  vectorAvailable: () => Promise<boolean>,
): Promise<MigrationReport['waiting']> {
  const waiting = migrations.filter((migration) => migration.requiresExtension === 'vector');
  if (waiting.length === 0 || (await vectorAvailable())) return [];
  return waiting.map((migration) => ({ name: migration.name, extension: 'vector' }));
}

/**
 * Split a migration into statements. The RDS Data API runs one statement per call, so the
 * files are kept simple: statements end with ";" at the end of a line, and no migration uses
 * dollar-quoted bodies.
 */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0 && !/^(--[^\n]*\n?\s*)+$/.test(statement));
}
