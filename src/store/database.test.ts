import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

describe('the embedded database', () => {
  it('starts with a small buffer pool, not the 128 MB Postgres zeroes on every start', async () => {
    const database = await openDatabase(
      { kind: 'pglite', dataDir: 'unused-in-memory' },
      { inMemory: true },
    );
    try {
      const { rows } = await sql<{
        shared_buffers: string;
      }>`SHOW shared_buffers`.execute(database.db);
      expect(rows).toEqual([{ shared_buffers: '16MB' }]);
    } finally {
      await database.close();
    }
  }, 60_000);
});
