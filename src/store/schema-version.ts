import { sql, type Kysely } from 'kysely';
import { ConfigError } from '../errors.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import type { Database } from './tables.ts';

// The deployed functions do not migrate (their database user may not run DDL); they compare
// the migrations the database has applied with the ones this code knows, and stop when the
// database is behind. The operator's `alex aws migrate` (or `alex deploy`) moves it forward.

export interface SchemaVersion {
  /** Number of the last needed migration applied before the first one missing (0: none). */
  applied: number;
  /** Number of the newest migration this code needs. */
  needed: number;
  /** Migrations this code needs that the database has not applied. */
  missing: string[];
}

/** A migration's number, from its name's leading digits ("0004-job-spend" is 4). */
export function migrationNumber(name: string): number {
  const digits = /^(\d+)/.exec(name)?.[1];
  return digits === undefined ? 0 : Number(digits);
}

/**
 * What the database has against what this code needs. A migration that waits for an
 * extension the server lacks (pgvector on a plain Postgres) is not needed, as migrate() would
 * not apply it either; migrations the database has and this code does not know are newer
 * code's, and harmless (migrations only add).
 */
export function compareSchemaVersion(
  appliedNames: readonly string[],
  options: { vectorAvailable: boolean; migrations?: readonly Migration[] },
): SchemaVersion {
  const migrations = options.migrations ?? MIGRATIONS;
  const applied = new Set(appliedNames);
  const needed = migrations.filter(
    (migration) => migration.requiresExtension !== 'vector' || options.vectorAvailable,
  );
  const firstMissing = needed.findIndex((migration) => !applied.has(migration.name));
  // The database is "at" the last migration before the first gap: that is how far the schema
  // this code expects is there.
  const upTo = firstMissing === -1 ? needed : needed.slice(0, firstMissing);
  return {
    applied: Math.max(0, ...upTo.map((migration) => migrationNumber(migration.name))),
    needed: Math.max(0, ...needed.map((migration) => migrationNumber(migration.name))),
    missing: needed
      .filter((migration) => !applied.has(migration.name))
      .map((migration) => migration.name),
  };
}

/** Reads alex_migrations (read-only; a database never migrated has no such table). */
export async function readSchemaVersion(
  db: Kysely<Database>,
  options: { vectorAvailable: () => Promise<boolean>; migrations?: readonly Migration[] },
): Promise<SchemaVersion> {
  const table = await sql<{ present: boolean }>`
    SELECT to_regclass('alex_migrations') IS NOT NULL AS present
  `.execute(db);
  const names =
    table.rows[0]?.present === true
      ? (await db.selectFrom('alex_migrations').select('name').execute()).map((row) => row.name)
      : [];
  return compareSchemaVersion(names, {
    vectorAvailable: await options.vectorAvailable(),
    ...(options.migrations ? { migrations: options.migrations } : {}),
  });
}

/**
 * Stops with a ConfigError (not retryable: only the operator can fix it) when the database
 * lacks a migration this code needs.
 */
export async function assertSchemaCurrent(
  db: Kysely<Database>,
  options: { vectorAvailable: () => Promise<boolean>; migrations?: readonly Migration[] },
): Promise<SchemaVersion> {
  const version = await readSchemaVersion(db, options);
  if (version.missing.length > 0) {
    throw new ConfigError(
      'AURORA_DATABASE',
      `database schema is at ${version.applied}, this code needs ${version.needed}: run \`alex aws migrate\` (missing ${version.missing.join(', ')})`,
    );
  }
  return version;
}
