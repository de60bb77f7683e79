// A database reached the way the Lambdas reach Aurora: Kysely over the Data API dialect, the real
// `@aws-sdk/client-rds-data` sending to the Data API stand-in (test/fakes/data-api-server.ts),
// which runs each statement in a fresh PostgreSQL schema and enforces the service's size limits.
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { Kysely } from 'kysely';
import { DataApiDialect } from '../../src/store/dialects/data-api-dialect.ts';
import type { Database } from '../../src/store/tables.ts';
import { startFakeDataApi, type FakeDataApi } from '../fakes/data-api-server.ts';
import { createPostgresTestDatabase, type TestDatabase } from './database.ts';

export interface DataApiTestDatabase {
  db: Kysely<Database>;
  dataApi: FakeDataApi;
  close(): Promise<void>;
}

/** A migrated, empty schema on PostgreSQL, read and written only through the Data API. */
export async function createDataApiTestDatabase(): Promise<DataApiTestDatabase> {
  const postgres: TestDatabase = await createPostgresTestDatabase();
  const dataApi = await startFakeDataApi({
    connectionString: process.env['TEST_DATABASE_URL'] ?? '',
    schema: postgres.schema,
  });
  const client = new RDSDataClient({
    region: 'us-east-1',
    endpoint: dataApi.endpoint,
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret-access-key' },
    maxAttempts: 1,
  });
  const db = new Kysely<Database>({
    dialect: new DataApiDialect({
      client,
      resourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:alex-test',
      secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-test-AbCdEf',
      database: 'alex',
    }),
  });
  return {
    db,
    dataApi,
    async close() {
      await db.destroy();
      client.destroy();
      await dataApi.close();
      await postgres.close();
    },
  };
}
