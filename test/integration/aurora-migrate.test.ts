// `alex aws migrate` with Secrets Manager mocked (aws-sdk-client-mock) and the embedded
// database standing in for Aurora: it signs in with the master secret, migrates, then creates
// the functions' user with a generated password that it stores in the user's own secret.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config, type DatabaseConfig } from '../../src/config.ts';
import { migrateAurora, type AuroraDatabaseTarget } from '../../src/entry/aws/aurora-migrate.ts';
import { createServices } from '../../src/entry/compose.ts';
import { openDatabase } from '../../src/store/database.ts';
import { ConfigError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { parseJson } from '../../src/parse-json.ts';
import { z } from 'zod';

const TARGET: AuroraDatabaseTarget = {
  clusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:alex-aurora-cluster',
  masterSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alex-aurora-credentials-x',
  appSecretArn:
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alex/agents/aurora-app-user-y',
  appUsername: 'alex_app',
  // PGlite's one database.
  database: 'postgres',
  region: 'eu-west-1',
};

describe('alex aws migrate', () => {
  const secretsMock = mockClient(SecretsManagerClient);
  const directory = mkdtempSync(join(tmpdir(), 'alex-aws-migrate-'));
  const printed: string[] = [];
  const signedInWith: DatabaseConfig[] = [];
  let stored: string | undefined;

  // Aurora is played by an embedded database; what the command asked for is recorded.
  const dependencies = {
    secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
    createServices: (config: Config) => {
      signedInWith.push(config.database);
      return createServices(
        { ...config, database: { kind: 'pglite', dataDir: directory } },
        { logger: silentLogger() },
      );
    },
  };
  const run = (rotatePassword = false) =>
    migrateAurora(dependencies, {
      config: loadConfig({ ALEX_DATA_DIR: directory, ALEX_LOG_LEVEL: 'silent' }),
      target: TARGET,
      withDemoUser: true,
      rotatePassword,
      print: (line) => printed.push(line),
    });

  beforeEach(() => {
    secretsMock.reset();
    printed.length = 0;
    signedInWith.length = 0;
    secretsMock.on(GetSecretValueCommand).callsFake(() => {
      if (stored === undefined)
        throw new ResourceNotFoundException({ message: 'no AWSCURRENT', $metadata: {} });
      return { SecretString: stored };
    });
    secretsMock.on(PutSecretValueCommand).callsFake((input: { SecretString: string }) => {
      stored = input.SecretString;
      return {};
    });
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  // Aurora starts empty: the stand-in is created unmigrated, not from npm install's template.
  beforeAll(async () => {
    await (await openDatabase({ kind: 'pglite', dataDir: directory }, { template: false })).close();
  }, 120_000);

  it('migrates as the master user, then creates the functions’ user with a stored password', async () => {
    const result = await run();
    expect(signedInWith).toEqual([
      {
        kind: 'aurora',
        clusterArn: TARGET.clusterArn,
        secretArn: TARGET.masterSecretArn,
        database: 'postgres',
        region: 'eu-west-1',
      },
    ]);
    expect(result.migrations.applied.length).toBeGreaterThan(0);
    expect(result.user).toMatchObject({ username: 'alex_app', created: true });
    expect(result.passwordWritten).toBe(true);
    expect(result.demoUserCreated).toBe(true);
    const secret = parseJson(
      stored ?? '',
      z.object({ username: z.string(), password: z.string() }),
      'stored secret',
    );
    expect(secret.username).toBe('alex_app');
    expect(secret.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(secretsMock.commandCalls(PutSecretValueCommand)[0]?.args[0].input.SecretId).toBe(
      TARGET.appSecretArn,
    );
    // The password is in the secret only, never in what the command prints.
    expect(printed.join('\n')).not.toContain(secret.password);

    const services = await createServices(
      {
        ...loadConfig({ ALEX_DATA_DIR: directory }),
        database: { kind: 'pglite', dataDir: directory },
      },
      { logger: silentLogger(), schema: 'verify' },
    );
    try {
      const role = await sql<{ rolname: string; rolsuper: boolean; rolcreatedb: boolean }>`
        SELECT rolname, rolsuper, rolcreatedb FROM pg_roles WHERE rolname = 'alex_app'
      `.execute(services.database.db);
      expect(role.rows).toEqual([{ rolname: 'alex_app', rolsuper: false, rolcreatedb: false }]);
      const canCreate = await sql<{ allowed: boolean }>`
        SELECT has_schema_privilege('alex_app', 'public', 'CREATE') AS allowed
      `.execute(services.database.db);
      expect(canCreate.rows).toEqual([{ allowed: false }]);
    } finally {
      await services.close();
    }
  }, 120_000);

  it('keeps the stored password on a second run, and replaces it when asked to rotate', async () => {
    const before = stored;
    const again = await run();
    expect(again).toMatchObject({ passwordWritten: false, demoUserCreated: false });
    expect(again.user.created).toBe(false);
    expect(again.migrations.applied).toEqual([]);
    expect(stored).toBe(before);
    expect(secretsMock.commandCalls(PutSecretValueCommand)).toHaveLength(0);

    const rotated = await run(true);
    expect(rotated.passwordWritten).toBe(true);
    expect(stored).not.toBe(before);
  }, 120_000);

  it('stops before touching the database when the user’s secret cannot be read', async () => {
    secretsMock.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('User is not authorized to perform GetSecretValue'), {
        name: 'AccessDeniedException',
      }),
    );
    const failure = run();
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/aurora_app_secret_arn: the application user's secret/);
    expect(signedInWith).toEqual([]);
  });

  it('refuses a malformed secret without quoting it', async () => {
    stored = '{"username": "alex_app", "password": "Leaky0123456789abcdef"';
    const failure = run();
    await expect(failure).rejects.toThrow(
      'must be a JSON object with "username" and "password" (contents not shown)',
    );
    await expect(failure).rejects.not.toThrow(/Leaky/);
    expect(signedInWith).toEqual([]);
  });
});
