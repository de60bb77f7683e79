import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import {
  assertSchemaCurrent,
  compareSchemaVersion,
  migrationNumber,
  readSchemaVersion,
} from './schema-version.ts';

const THREE: Migration[] = [
  { name: '0001-first', sql: 'CREATE TABLE sv_first (id int);' },
  { name: '0002-vectors', sql: 'CREATE TABLE sv_vectors (id int);', requiresExtension: 'vector' },
  { name: '0003-third', sql: 'CREATE TABLE sv_third (id int);' },
];

describe('comparing the applied migrations with the ones the code needs', () => {
  it('is current when every needed migration is applied', () => {
    expect(
      compareSchemaVersion(['0001-first', '0002-vectors', '0003-third'], {
        vectorAvailable: true,
        migrations: THREE,
      }),
    ).toEqual({ applied: 3, needed: 3, missing: [] });
  });

  it('reports how far the schema is and what is missing when it is behind', () => {
    expect(
      compareSchemaVersion(['0001-first'], { vectorAvailable: true, migrations: THREE }),
    ).toEqual({ applied: 1, needed: 3, missing: ['0002-vectors', '0003-third'] });
    expect(compareSchemaVersion([], { vectorAvailable: false, migrations: THREE })).toEqual({
      applied: 0,
      needed: 3,
      missing: ['0001-first', '0003-third'],
    });
  });

  it('stops at the first gap: a later migration applied does not hide an earlier one missing', () => {
    expect(
      compareSchemaVersion(['0001-first', '0003-third'], {
        vectorAvailable: true,
        migrations: THREE,
      }),
    ).toEqual({ applied: 1, needed: 3, missing: ['0002-vectors'] });
  });

  it('does not need a migration that waits for an extension the server lacks', () => {
    expect(
      compareSchemaVersion(['0001-first', '0003-third'], {
        vectorAvailable: false,
        migrations: THREE,
      }),
    ).toEqual({ applied: 3, needed: 3, missing: [] });
  });

  it('ignores migrations newer code applied that this code does not know', () => {
    expect(
      compareSchemaVersion(['0001-first', '0002-vectors', '0003-third', '0004-later'], {
        vectorAvailable: true,
        migrations: THREE,
      }),
    ).toEqual({ applied: 3, needed: 3, missing: [] });
  });
});

describe('checking the schema of a database', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function tables(db: DatabaseHandle['db']): Promise<string[]> {
    const result = await sql<{ tablename: string }>`
      SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename
    `.execute(db);
    return result.rows.map((row) => row.tablename);
  }

  it('says, for a database never migrated, that it is at 0 and creates nothing', async () => {
    handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' }, { inMemory: true });
    const error = await assertSchemaCurrent(handle.db, {
      vectorAvailable: handle.vectorAvailable,
    }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      name: 'ConfigError',
      retryable: false,
      message: `AURORA_DATABASE: database schema is at 0, this code needs ${migrationNumber(MIGRATIONS.at(-1)?.name ?? '')}: run \`alex aws migrate\` (missing ${MIGRATIONS.map((migration) => migration.name).join(', ')})`,
    });
    expect(await tables(handle.db)).toEqual([]);
  }, 60_000);

  it('reads a partly migrated database as behind, and a fully migrated one as current', async () => {
    handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' }, { inMemory: true });
    const options = { vectorAvailable: handle.vectorAvailable, migrations: THREE };
    await migrate(handle.db, { ...options, migrations: THREE.slice(0, 1) });
    await expect(assertSchemaCurrent(handle.db, options)).rejects.toThrow(
      'database schema is at 1, this code needs 3: run `alex aws migrate` (missing 0002-vectors, 0003-third)',
    );
    await migrate(handle.db, options);
    expect(await readSchemaVersion(handle.db, options)).toEqual({
      applied: 3,
      needed: 3,
      missing: [],
    });
    await expect(assertSchemaCurrent(handle.db, options)).resolves.toMatchObject({ needed: 3 });
  }, 60_000);
});
