import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/secret.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { postgresAvailable, postgresSkipReason } from '../helpers/database.ts';

describe.skipIf(!postgresAvailable)(
  `migrations on PostgreSQL${postgresAvailable ? '' : ` (${postgresSkipReason})`}`,
  () => {
    it('two processes starting at once apply each migration exactly once', async () => {
      const url = new Secret(process.env['TEST_DATABASE_URL'] ?? '');
      const schema = `alex_migrate_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const first = await openDatabase({ kind: 'postgres', url }, { schema });
      const second = await openDatabase({ kind: 'postgres', url }, { schema });
      try {
        const reports = await Promise.all([
          migrate(first.db, { vectorAvailable: first.vectorAvailable }),
          migrate(second.db, { vectorAvailable: second.vectorAvailable }),
        ]);
        const applied = reports.flatMap((report) => report.applied).sort();
        const applicable = MIGRATIONS.filter(
          (migration) => !reports[0]?.waiting.some((waiting) => waiting.name === migration.name),
        );
        expect(applied).toEqual(applicable.map((migration) => migration.name).sort());
        const rows = await first.db.selectFrom('alex_migrations').select('name').execute();
        expect(rows).toHaveLength(applicable.length);
      } finally {
        await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(first.db);
        await first.close();
        await second.close();
      }
    });
  },
);
