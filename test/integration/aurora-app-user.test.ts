// The functions' database user on a real PostgreSQL: `alex aws migrate` creates it with
// DML-only grants, and with those rights the functions can read the schema version and work
// on rows, but cannot create, alter or drop anything, nor write the migrations' record.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureApplicationUser } from '../../src/entry/aws/app-user.ts';
import { Secret } from '../../src/secret.ts';
import type { Database } from '../../src/store/tables.ts';
import { assertSchemaCurrent } from '../../src/store/schema-version.ts';
import {
  createPostgresTestDatabase,
  postgresAvailable,
  postgresSkipReason,
  type TestDatabase,
} from '../helpers/database.ts';

describe.skipIf(!postgresAvailable)(
  `the application database user (${postgresAvailable ? 'PostgreSQL' : postgresSkipReason})`,
  () => {
    const username = `alex_app_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const password = new Secret(`pw-${randomUUID()}`);
    let database: TestDatabase;
    let databaseName: string;
    let asApp: pg.Pool;

    beforeAll(async () => {
      database = await createPostgresTestDatabase();
      databaseName = new URL(database.connectionString ?? '').pathname.slice(1);
      const url = new URL(database.connectionString ?? '');
      url.username = username;
      url.password = password.reveal();
      asApp = new pg.Pool({ connectionString: url.toString(), max: 1 });
    }, 60_000);

    afterAll(async () => {
      await asApp?.end();
      if (database) {
        await sql
          .raw(`DROP OWNED BY "${username}"`)
          .execute(database.db)
          .catch(() => undefined);
        await sql.raw(`DROP ROLE IF EXISTS "${username}"`).execute(database.db);
        await database.close();
      }
    });

    it('is created once and updated after, with every Alex table granted', async () => {
      const first = await ensureApplicationUser(database.db, { username, password }, databaseName);
      expect(first).toMatchObject({ username, created: true, schema: database.schema });
      expect(first.tables).toEqual(expect.arrayContaining(['alex_migrations', 'jobs', 'users']));
      const again = await ensureApplicationUser(database.db, { username, password }, databaseName);
      expect(again.created).toBe(false);
    });

    it('reads and writes rows and checks the schema version, but runs no DDL', async () => {
      await asApp.query(`INSERT INTO users (display_name) VALUES ('App user test')`);
      const users = await asApp.query<{ display_name: string }>(
        `SELECT display_name FROM users WHERE display_name = 'App user test'`,
      );
      expect(users.rows).toEqual([{ display_name: 'App user test' }]);
      await asApp.query(`DELETE FROM users WHERE display_name = 'App user test'`);

      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: asApp }) });
      await expect(
        assertSchemaCurrent(db, { vectorAvailable: () => Promise.resolve(false) }),
      ).resolves.toMatchObject({ missing: [] });

      for (const ddl of [
        'CREATE TABLE app_user_made (id int)',
        'ALTER TABLE jobs ADD COLUMN app_user_column int',
        'DROP TABLE positions',
        'TRUNCATE jobs',
        "INSERT INTO alex_migrations (name) VALUES ('9999-forged')",
      ]) {
        await expect(asApp.query(ddl), ddl).rejects.toThrow(/permission denied|must be owner/);
      }
    });
  },
);
