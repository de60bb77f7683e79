import { sql } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import { migrate, type MigrationReport } from './migrate.ts';
import { loadReferenceInstruments } from './reference/reference-instruments.ts';
import { createRepositories } from './repositories/index.ts';

/**
 * Drop every table of Alex's schema (and pg-boss's queue schema), then migrate and load the
 * shipped reference instruments. Destroys all data: the CLI's `db reset` only.
 */
export async function resetDatabase(handle: DatabaseHandle): Promise<MigrationReport> {
  const tables = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
  `.execute(handle.db);
  for (const { tablename } of tables.rows) {
    await sql`DROP TABLE IF EXISTS ${sql.id(tablename)} CASCADE`.execute(handle.db);
  }
  await sql`DROP SCHEMA IF EXISTS pgboss CASCADE`.execute(handle.db);
  const report = await migrate(handle.db, { vectorAvailable: handle.vectorAvailable });
  await loadReferenceData(handle);
  return report;
}

/** Insert or refresh the shipped reference instruments (allocations from fund documents, seed prices). */
export async function loadReferenceData(handle: DatabaseHandle): Promise<number> {
  const reference = loadReferenceInstruments();
  await createRepositories(handle.db).instruments.upsertReference(reference);
  return reference.length;
}
