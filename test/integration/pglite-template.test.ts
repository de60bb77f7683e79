// A new embedded data directory starts from the migrated template `npm install` prepares,
// instead of running initdb and every migration on the user's first start.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { pgliteTemplatePath, readPgliteTemplate } from '../../src/store/pglite-template.ts';
import { writePgliteTemplate } from '../../src/store/pglite-template-writer.ts';

const scratch = mkdtempSync(join(tmpdir(), 'alex-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('PGlite template', () => {
  it('opens a new data directory already migrated, and keeps it on the next open', async () => {
    if (!existsSync(pgliteTemplatePath())) await writePgliteTemplate();
    expect(readPgliteTemplate()).toBeInstanceOf(Blob);

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
      await sql`INSERT INTO users (display_name) VALUES ('kept')`.execute(first.db);
    } finally {
      await first.close();
    }

    // The second open finds PG_VERSION and must not load the template over the data.
    const second = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const { rows } = await sql<{ display_name: string }>`SELECT display_name FROM users`.execute(
        second.db,
      );
      expect(rows).toEqual([{ display_name: 'kept' }]);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('names the template after the PGlite version and the migrations', () => {
    expect(pgliteTemplatePath()).toMatch(
      /node_modules\/\.cache\/alex\/pglite-template-[0-9a-f]{16}\.tar\.gz$/,
    );
  });
});
