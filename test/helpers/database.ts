// Test databases: each test file gets its own, on PGlite by default (in memory, restored from
// one prepared template so the slow initdb happens once per worker) and, for suites that ask
// for it, on the real PostgreSQL at TEST_DATABASE_URL in a fresh schema that is dropped after.
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { Secret } from '../../src/secret.ts';

const testDatabaseUrl = process.env['TEST_DATABASE_URL'];
const inCi = process.env['CI'] === 'true';

/** Whether the PostgreSQL suites can run here. In CI they must: a missing URL fails loudly. */
export const postgresAvailable = Boolean(testDatabaseUrl);
if (inCi && !testDatabaseUrl) {
  throw new Error(
    'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites would be skipped',
  );
}
export const postgresSkipReason = 'TEST_DATABASE_URL is not set (no local PostgreSQL)';

let template: Promise<Blob> | undefined;

async function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' }, { inMemory: true });
    await migrate(handle.db, { vectorAvailable: handle.vectorAvailable });
    const dump = await (handle.pglite as PGlite).dumpDataDir('none');
    await handle.close();
    return dump;
  })();
  return template;
}

export interface TestDatabase extends DatabaseHandle {
  /** The schema the tables live in (Postgres) or 'public' (PGlite). */
  schema: string;
  /** Connection string for other processes or pg-boss (Postgres only). */
  connectionString: string | undefined;
}

/** A migrated, empty database on PGlite. */
export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const handle = await openDatabase(
    { kind: 'pglite', dataDir: 'memory' },
    { inMemory: true, loadDataDir: await pgliteTemplate() },
  );
  return { ...handle, schema: 'public', connectionString: undefined };
}

/** A migrated, empty schema on the real PostgreSQL; dropped by close(). */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  if (!testDatabaseUrl) throw new Error(postgresSkipReason);
  const schema = `alex_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const handle = await openDatabase(
    { kind: 'postgres', url: new Secret(testDatabaseUrl) },
    { schema },
  );
  await migrate(handle.db, { vectorAvailable: handle.vectorAvailable });
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    ...handle,
    schema,
    connectionString: url.toString(),
    async close() {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(handle.db);
      await handle.close();
    },
  };
}

/** The engines a repository suite runs on: PGlite always, PostgreSQL when available. */
export const DATABASE_ENGINES = [
  { name: 'pglite', create: createPgliteTestDatabase, available: true },
  { name: 'postgres', create: createPostgresTestDatabase, available: postgresAvailable },
] as const;
