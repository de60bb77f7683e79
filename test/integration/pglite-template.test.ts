// A new embedded data directory starts as a copy of the migrated template `npm install`
// prepares, instead of running initdb and every migration on the user's first start.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../src/store/data-directory-lock.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { loadReferenceInstruments } from '../../src/store/reference/reference-instruments.ts';
import { copyPgliteTemplate, pgliteTemplatePath } from '../../src/store/pglite-template.ts';
import { writePgliteTemplate } from '../../src/store/pglite-template-writer.ts';

const scratch = mkdtempSync(join(tmpdir(), 'alex-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('PGlite template', () => {
  it('opens a new data directory already migrated, and keeps it on the next open', async () => {
    if (!existsSync(join(pgliteTemplatePath(), 'PG_VERSION'))) await writePgliteTemplate();
    // A plain data directory, without the lock of the process that built it.
    const template = pgliteTemplatePath();
    expect(statSync(template).isDirectory()).toBe(true);
    expect(readdirSync(template)).toEqual(expect.arrayContaining(['PG_VERSION', 'base']));
    expect(readdirSync(template).filter((name) => name.startsWith(LOCK_FILE_NAME))).toEqual([]);

    const dataDir = join(scratch, 'fresh');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    try {
      // No migrate() call yet: every migration is there because the template carried it.
      const { rows } = await sql<{
        name: string;
      }>`SELECT name FROM alex_migrations ORDER BY name`.execute(first.db);
      expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
      expect(await migrate(first.db, { vectorAvailable: first.vectorAvailable })).toEqual({
        applied: [],
        waiting: [],
      });
      // Only Alex's database: not initdb's template0 and template1, which nothing here uses.
      const databases = await sql<{ datname: string }>`SELECT datname FROM pg_database`.execute(
        first.db,
      );
      expect(databases.rows).toEqual([{ datname: 'postgres' }]);
      // The shipped reference instruments are loaded, as a first start used to do itself.
      const instruments = await sql<{
        count: number;
      }>`SELECT count(*)::integer AS count FROM instruments`.execute(first.db);
      expect(instruments.rows).toEqual([{ count: loadReferenceInstruments().length }]);
      await sql`INSERT INTO users (display_name) VALUES ('kept')`.execute(first.db);
    } finally {
      await first.close();
    }

    // The second open finds PG_VERSION and must not copy the template over the data.
    const second = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const { rows } = await sql<{ display_name: string }>`SELECT display_name FROM users`.execute(
        second.db,
      );
      expect(rows).toEqual([{ display_name: 'kept' }]);
    } finally {
      await second.close();
    }
    // The template itself is untouched by the database opened from its copy.
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
  }, 120_000);

  it('names the template after PGlite, the migrations and the reference instruments, so a change to any is never served a stale one', () => {
    expect(pgliteTemplatePath()).toMatch(
      /node_modules\/\.cache\/alex\/pglite-template-[0-9a-f]{16}$/,
    );
    const contents = {
      pgliteVersion: '0.5.14',
      migrations: MIGRATIONS,
      referenceInstruments: '{"instruments": []}',
    };
    const names = [
      pgliteTemplatePath(contents),
      pgliteTemplatePath({ ...contents, pgliteVersion: '0.5.15' }),
      pgliteTemplatePath({
        ...contents,
        migrations: [...MIGRATIONS, { name: '9999-test-only', sql: 'SELECT 1' }],
      }),
      pgliteTemplatePath({ ...contents, referenceInstruments: '{"instruments": [{}]}' }),
    ];
    expect(new Set(names).size).toBe(4);
    expect(pgliteTemplatePath(contents)).toBe(names[0]);
  });

  it('uses no template that lacks PG_VERSION (a build that never finished)', () => {
    const unfinished = join(scratch, 'unfinished-template');
    mkdirSync(join(unfinished, 'base'), { recursive: true });
    const dataDir = join(scratch, 'not-from-unfinished');
    mkdirSync(dataDir);
    expect(copyPgliteTemplate(dataDir, unfinished)).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('removes a copy that failed half way, keeping only the lock, and leaves no PG_VERSION', () => {
    const template = join(scratch, 'small-template');
    mkdirSync(join(template, 'base', '5'), { recursive: true });
    writeFileSync(join(template, 'base', '5', '1259'), 'relation');
    mkdirSync(join(template, 'pg_wal'), { recursive: true });
    writeFileSync(join(template, 'PG_VERSION'), '17\n');
    const dataDir = join(scratch, 'half-copied');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, LOCK_FILE_NAME), 'held');
    // A file where the template has a folder: whatever was copied before it is removed again.
    writeFileSync(join(dataDir, 'pg_wal'), 'in the way');
    expect(() => copyPgliteTemplate(dataDir, template)).toThrow(/pg_wal/);
    expect(readdirSync(dataDir)).toEqual([LOCK_FILE_NAME]);
  });
});
