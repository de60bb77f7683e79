import { sql } from 'kysely';
import { ConflictError, describeError } from '../errors.ts';
import type { DatabaseHandle } from './database.ts';
import { migrate, type MigrationReport } from './migrate.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { loadReferenceInstruments } from './reference/reference-instruments.ts';
import { createRepositories } from './repositories/index.ts';

/** What `db reset` drops: only Alex's own tables and, when it has one, its pg-boss schema. */
export interface ResetPlan {
  /** The schema Alex's tables live in (the connection's current schema). */
  schema: string;
  /** Alex's tables that exist there now. */
  tables: string[];
  /** The pg-boss schema, when configured and present. */
  pgbossSchema: string | undefined;
}

/**
 * The tables Alex's migrations create, read from the migrations themselves so a new migration
 * is covered without a second list to keep in step; plus the migrations' own record.
 */
export function tablesCreatedByMigrations(migrations: readonly Migration[] = MIGRATIONS): string[] {
  const names = migrations.flatMap((migration) =>
    [...migration.sql.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?"?([a-z_][a-z0-9_]*)"?/gi)].map(
      (match) => (match[1] ?? '').toLowerCase(),
    ),
  );
  return [...new Set(['alex_migrations', ...names])];
}

/** Find what a reset would drop, without dropping anything. */
export async function planReset(
  handle: DatabaseHandle,
  options: { pgbossSchema: string | undefined },
): Promise<ResetPlan> {
  const ours = new Set(tablesCreatedByMigrations());
  const current = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(
    handle.db,
  );
  const present = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
  `.execute(handle.db);
  const schema = current.rows[0]?.schema ?? 'public';
  const tables = present.rows
    .map((row) => row.tablename)
    .filter((name) => ours.has(name))
    .sort();
  let pgbossSchema: string | undefined;
  if (options.pgbossSchema) {
    const found = await sql<{ nspname: string }>`
      SELECT nspname FROM pg_namespace WHERE nspname = ${options.pgbossSchema}
    `.execute(handle.db);
    pgbossSchema = found.rows.length > 0 ? options.pgbossSchema : undefined;
  }
  return { schema, tables, pgbossSchema };
}

/**
 * Drop what the plan names, then migrate and load the shipped reference instruments. Tables
 * are dropped in one statement without CASCADE: should another application's table or view
 * depend on one of Alex's, the drop fails and nothing is dropped, rather than silently
 * altering the other application's objects.
 */
export async function resetDatabase(
  handle: DatabaseHandle,
  plan: ResetPlan,
): Promise<MigrationReport> {
  try {
    await handle.db.transaction().execute(async (trx) => {
      if (plan.tables.length > 0) {
        const tables = plan.tables.map((name) => sql.id(plan.schema, name));
        await sql`DROP TABLE IF EXISTS ${sql.join(tables)}`.execute(trx);
      }
      // pg-boss owns its whole schema: everything in it is the queue's.
      if (plan.pgbossSchema)
        await sql`DROP SCHEMA IF EXISTS ${sql.id(plan.pgbossSchema)} CASCADE`.execute(trx);
    });
  } catch (error) {
    if (!dependsOnAlexTables(error)) throw error;
    throw new ConflictError(
      `db reset dropped nothing: ${describeError(error)} ` +
        '(another application’s objects depend on Alex’s tables; remove that dependency first)',
      { cause: error },
    );
  }
  const report = await migrate(handle.db, { vectorAvailable: handle.vectorAvailable });
  await loadReferenceData(handle);
  return report;
}

/** Postgres's dependent_objects_still_exist (2BP01); the Data API passes only the message on. */
function dependsOnAlexTables(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    ('code' in error && error.code === '2BP01') || /other objects depend on it/.test(error.message)
  );
}

/** Insert or refresh the shipped reference instruments (allocations from fund documents, seed prices). */
export async function loadReferenceData(handle: DatabaseHandle): Promise<number> {
  const reference = loadReferenceInstruments();
  await createRepositories(handle.db).instruments.upsertReference(reference);
  return reference.length;
}
