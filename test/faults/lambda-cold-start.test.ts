// A Lambda container's cold start against a Secrets Manager stand-in on 127.0.0.1 (the real
// AWS SDK client, over HTTP) and the embedded database: a cold start that fails (the service
// unreachable) is not cached for the container's life, a database behind the code stops the
// cold start without being migrated, a secret with no value yet lets the
// functions run without keys, and a malformed value is refused without being quoted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeError } from '../../src/errors.ts';
import { environmentWithSecrets } from '../../src/entry/lambda/secrets.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { migrationNumber } from '../../src/store/schema-version.ts';
import {
  startFakeSecretsManager,
  type FakeSecretsManager,
} from '../fakes/secrets-manager-server.ts';

const SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/api-keys-AbCdEf';
const POLYGON_KEY = 'pk-cold-start-0123456789';

let directory: string;
let secrets: FakeSecretsManager;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'alex-faults-cold-start-'));
  secrets = await startFakeSecretsManager({ kind: 'unreachable' });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await secrets.close();
  rmSync(directory, { recursive: true, force: true });
});

function client(): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: secrets.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret-access-key' },
    maxAttempts: 1,
  });
}

describe('the Lambda cold start', () => {
  it('fails while Secrets Manager is unreachable, then succeeds on the next invocation of the same container', async () => {
    // The function's environment, as Terraform sets it; the SDK's default client is sent to
    // the stand-in and makes one attempt per read.
    const env: Record<string, string> = {
      ALEX_SECRETS_ARN: SECRET_ARN,
      ALEX_DATA_DIR: join(directory, 'data'),
      ALEX_LOG_LEVEL: 'silent',
      DATABASE_URL: '',
      AURORA_CLUSTER_ARN: '',
      AURORA_SECRET_ARN: '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_MAX_ATTEMPTS: '1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    // A database that exists but was never migrated (not started from npm install's template).
    const unmigrated = await openDatabase(
      { kind: 'pglite', dataDir: env['ALEX_DATA_DIR'] ?? '' },
      { template: false },
    );
    await unmigrated.close();
    const { handler } = await import('../../src/entry/lambda/planner.ts');
    const { lambdaRuntime } = await import('../../src/entry/lambda/runtime.ts');
    const emptyBatch = { Records: [] };

    // A database that was never migrated: the function checks the schema version, says what
    // to run, and creates nothing (its database user on Aurora has no DDL rights).
    secrets.set({ kind: 'value', secretString: '{}' });
    await expect(handler(emptyBatch)).rejects.toThrow(
      `AURORA_DATABASE: database schema is at 0, this code needs ${migrationNumber(MIGRATIONS.at(-1)?.name ?? '')}: run \`alex aws migrate\``,
    );
    const untouched = await openDatabase({ kind: 'pglite', dataDir: env['ALEX_DATA_DIR'] ?? '' });
    const tables = await sql<{ name: string }>`
      SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'
    `.execute(untouched.db);
    expect(tables.rows).toEqual([]);
    // The operator's migration, as `alex aws migrate` runs it.
    await migrate(untouched.db, { vectorAvailable: untouched.vectorAvailable });
    await untouched.close();
    secrets.requests.length = 0;

    secrets.set({ kind: 'unreachable' });
    await expect(handler(emptyBatch)).rejects.toThrow(
      /^ALEX_SECRETS_ARN: the secret could not be read/,
    );
    expect(secrets.requests).toHaveLength(1);

    // The outage is over; the same module instance (the warm container) starts again.
    secrets.set({ kind: 'value', secretString: JSON.stringify({ POLYGON_API_KEY: POLYGON_KEY }) });
    await expect(handler(emptyBatch)).resolves.toEqual({ batchItemFailures: [] });
    const runtime = await lambdaRuntime();
    try {
      expect(runtime.services.config.market.polygonApiKey?.reveal()).toBe(POLYGON_KEY);
      // Once started, the container keeps its runtime: no further read of the secret.
      await expect(handler(emptyBatch)).resolves.toEqual({ batchItemFailures: [] });
      expect(await lambdaRuntime()).toBe(runtime);
      expect(secrets.requests).toHaveLength(2);
    } finally {
      await runtime.services.close();
    }
  }, 60_000);
});

describe('reading the API-key secret', () => {
  it('runs without keys, with a warning, while the secret has no value yet', async () => {
    secrets.set({ kind: 'no-value' });
    const env = { ALEX_SECRETS_ARN: SECRET_ARN, ALEX_MODEL: 'offline' };
    const result = await environmentWithSecrets(env, client());
    expect(result.env).toEqual(env);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^the API-key secret has no value yet: running without keys/),
    ]);

    secrets.set({ kind: 'value', secretString: '  ' });
    expect((await environmentWithSecrets(env, client())).warnings).toHaveLength(1);
  });

  it('lays the secret under the environment, the environment winning', async () => {
    secrets.set({
      kind: 'value',
      secretString: JSON.stringify({ POLYGON_API_KEY: POLYGON_KEY, ALEX_MODEL: 'from-secret' }),
    });
    const result = await environmentWithSecrets(
      { ALEX_SECRETS_ARN: SECRET_ARN, ALEX_MODEL: 'offline' },
      client(),
    );
    expect(result.env).toEqual({
      ALEX_SECRETS_ARN: SECRET_ARN,
      ALEX_MODEL: 'offline',
      POLYGON_API_KEY: POLYGON_KEY,
    });
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['not JSON (the bare key)', 'pk-leaky-0123456789', /is not valid JSON/],
    ['not an object', '"pk-leaky-0123456789"', /must be a JSON object of API keys/],
    [
      'a list where a key belongs',
      '{"POLYGON_API_KEY": ["pk-leaky-0123456789"]}',
      /"POLYGON_API_KEY" must be a string/,
    ],
  ])(
    'refuses a value that is %s, naming ALEX_SECRETS_ARN and quoting none of it',
    async (_what, secretString, rule) => {
      secrets.set({ kind: 'value', secretString });
      const error = await environmentWithSecrets({ ALEX_SECRETS_ARN: SECRET_ARN }, client()).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(Error);
      // Neither the message nor anything it keeps as its cause shows part of the value.
      const chain: unknown[] = [];
      for (let link: unknown = error; link instanceof Error; link = link.cause) chain.push(link);
      for (const link of chain) expect(String(link)).not.toContain('pk-le');
      const message = describeError(error);
      expect(message).toMatch(/^ALEX_SECRETS_ARN: /);
      expect(message).toMatch(rule);
    },
  );
});
