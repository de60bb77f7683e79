import { Kysely, PostgresDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { createPgliteAsPool } from './dialects/pglite-pool.ts';
import { migrate } from './migrate.ts';
import type { Migration } from './migrations/index.ts';
import type { Database } from './tables.ts';

const TWO: Migration[] = [
  { name: '0001-first', sql: 'CREATE TABLE mg_first (id int);' },
  { name: '0002-second', sql: 'CREATE TABLE mg_second (id int);' },
];
const THREE: Migration[] = [...TWO, { name: '0003-third', sql: 'CREATE TABLE mg_third (id int);' }];

describe('migrate', () => {
  it('checks a database that has every migration without the lock, and still applies a new one', async () => {
    const database = await openDatabase(
      { kind: 'pglite', dataDir: 'unused-in-memory' },
      { inMemory: true },
    );
    // The same database through a Kysely instance that records every statement it runs.
    const statements: string[] = [];
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: createPgliteAsPool(database.pglite!) }),
      log: (event) => {
        statements.push(event.query.sql);
      },
    });
    const { vectorAvailable } = database;
    const locks = () => statements.filter((text) => text.includes('pg_advisory_xact_lock'));
    try {
      expect(await migrate(db, { vectorAvailable, migrations: TWO })).toEqual({
        applied: ['0001-first', '0002-second'],
        waiting: [],
      });
      expect(locks().length).toBeGreaterThan(0);

      statements.length = 0;
      expect(await migrate(db, { vectorAvailable, migrations: TWO })).toEqual({
        applied: [],
        waiting: [],
      });
      expect(locks()).toEqual([]);
      expect(statements.every((text) => /^\s*select/i.test(text))).toBe(true);

      statements.length = 0;
      expect(await migrate(db, { vectorAvailable, migrations: THREE })).toEqual({
        applied: ['0003-third'],
        waiting: [],
      });
      expect(locks().length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 60_000);
});
