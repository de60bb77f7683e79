// `alex db reset` drops Alex's tables and its pg-boss schema, and nothing else: another
// application's table in the same schema and another schema survive, on the real PostgreSQL
// and on the embedded database; on PostgreSQL nothing at all is dropped without --yes.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { tablesCreatedByMigrations } from '../../src/store/reset.ts';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  postgresAvailable,
  postgresSkipReason,
  type TestDatabase,
} from '../helpers/database.ts';
import { runAlex } from '../helpers/worker-process.ts';

// Generous bounds: every CLI start opens (and on a new directory creates) a database.
const TEST_TIMEOUT_MS = 300_000;
const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
const OTHER_SCHEMA = `other_app_${suffix}`;
const PGBOSS_SCHEMA = `alex_pgboss_${suffix}`;

const resetSchema = z.object({
  dropped: z.object({ tables: z.array(z.string()), pgboss_schema: z.string().nullable() }),
});

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'alex-db-reset-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Another application's data: a table beside Alex's and a schema of its own. */
async function plantForeignData(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE other_app_notes (id integer PRIMARY KEY, body text)`.execute(db);
  await sql`INSERT INTO other_app_notes VALUES (1, 'keep me')`.execute(db);
  await sql`CREATE SCHEMA ${sql.id(OTHER_SCHEMA)}`.execute(db);
  await sql`CREATE TABLE ${sql.id(OTHER_SCHEMA, 'ledger')} (id integer PRIMARY KEY)`.execute(db);
  await sql`INSERT INTO ${sql.id(OTHER_SCHEMA, 'ledger')} VALUES (7)`.execute(db);
}

async function foreignData(db: Kysely<unknown>) {
  const notes = await sql<{ body: string }>`SELECT body FROM other_app_notes`.execute(db);
  const ledger = await sql<{ id: number }>`
    SELECT id FROM ${sql.id(OTHER_SCHEMA, 'ledger')}
  `.execute(db);
  return { notes: notes.rows.map((row) => row.body), ledger: ledger.rows.map((row) => row.id) };
}

async function userNames(db: Kysely<unknown>): Promise<string[]> {
  const users = await sql<{ display_name: string }>`SELECT display_name FROM users`.execute(db);
  return users.rows.map((row) => row.display_name);
}

async function schemaExists(db: Kysely<unknown>, name: string): Promise<boolean> {
  const found = await sql`SELECT 1 FROM pg_namespace WHERE nspname = ${name}`.execute(db);
  return found.rows.length > 0;
}

it(
  'plans to drop exactly the tables the migrations create',
  async () => {
    const database = await createPgliteTestDatabase();
    try {
      const tables = await sql<{ tablename: string }>`
      SELECT tablename FROM pg_tables WHERE schemaname = 'public'
    `.execute(database.db);
      expect(tables.rows.map((row) => row.tablename).sort()).toEqual(
        tablesCreatedByMigrations().sort(),
      );
    } finally {
      await database.close();
    }
  },
  TEST_TIMEOUT_MS,
);

describe.skipIf(!postgresAvailable)(
  `on PostgreSQL${postgresAvailable ? '' : ` (${postgresSkipReason})`}`,
  () => {
    let database: TestDatabase;
    let env: Record<string, string>;

    beforeAll(async () => {
      database = await createPostgresTestDatabase();
      await plantForeignData(database.db as Kysely<unknown>);
      await sql`CREATE SCHEMA ${sql.id(PGBOSS_SCHEMA)}`.execute(database.db);
      await sql`INSERT INTO users (display_name) VALUES ('Alex data')`.execute(database.db);
      env = {
        DATABASE_URL: database.connectionString ?? '',
        ALEX_PGBOSS_SCHEMA: PGBOSS_SCHEMA,
      };
    });

    afterAll(async () => {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(OTHER_SCHEMA)} CASCADE`.execute(database.db);
      await sql`DROP SCHEMA IF EXISTS ${sql.id(PGBOSS_SCHEMA)} CASCADE`.execute(database.db);
      await database.close();
    });

    it(
      'without --yes prints what it would drop, drops nothing and exits 2',
      async () => {
        const outcome = await runAlex(['db', 'reset'], {
          cwd: directory,
          env,
          timeoutMs: TEST_TIMEOUT_MS,
        });
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain('alex: --yes: required to reset a PostgreSQL database');
        expect(outcome.stdout).toContain(`db reset would drop, in schema ${database.schema}:`);
        expect(outcome.stdout).toContain('  table users\n');
        expect(outcome.stdout).toContain(`  schema ${PGBOSS_SCHEMA} (the pg-boss queue)\n`);
        expect(outcome.stdout).not.toContain('other_app');

        const db = database.db as Kysely<unknown>;
        expect(await userNames(db)).toEqual(['Alex data']);
        expect(await schemaExists(db, PGBOSS_SCHEMA)).toBe(true);
        expect(await foreignData(db)).toEqual({ notes: ['keep me'], ledger: [7] });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'with --yes drops Alex’s tables and pg-boss schema, and keeps the other application’s',
      async () => {
        const outcome = await runAlex(['db', 'reset', '--yes', '--json'], {
          cwd: directory,
          env,
          timeoutMs: TEST_TIMEOUT_MS,
        });
        expect(outcome.code, outcome.stderr).toBe(0);
        const { dropped } = parseJson(outcome.stdout, resetSchema, 'db reset');
        expect(dropped.tables).toContain('users');
        expect(dropped.tables).not.toContain('other_app_notes');
        expect(dropped.pgboss_schema).toBe(PGBOSS_SCHEMA);

        const db = database.db as Kysely<unknown>;
        expect(await userNames(db)).toEqual([]);
        expect(await schemaExists(db, PGBOSS_SCHEMA)).toBe(false);
        expect(await foreignData(db)).toEqual({ notes: ['keep me'], ledger: [7] });
      },
      TEST_TIMEOUT_MS,
    );
  },
);

describe('on the embedded database', () => {
  it(
    'drops Alex’s tables without --yes and keeps the other application’s',
    async () => {
      const dataDir = join(directory, 'data');
      const config = { kind: 'pglite', dataDir } as const;
      const before = await openDatabase(config);
      try {
        await migrate(before.db, { vectorAvailable: before.vectorAvailable });
        await sql`INSERT INTO users (display_name) VALUES ('Alex data')`.execute(before.db);
        await plantForeignData(before.db as Kysely<unknown>);
      } finally {
        await before.close();
      }

      const reset = await runAlex(['db', 'reset'], {
        cwd: directory,
        env: { ALEX_DATA_DIR: dataDir },
        timeoutMs: TEST_TIMEOUT_MS,
      });
      expect(reset.code, reset.stderr).toBe(0);

      const after = await openDatabase(config);
      try {
        const db = after.db as Kysely<unknown>;
        expect(await userNames(db)).toEqual([]);
        expect(await foreignData(db)).toEqual({ notes: ['keep me'], ledger: [7] });
      } finally {
        await after.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
