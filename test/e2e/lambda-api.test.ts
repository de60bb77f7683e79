// The API function as AWS runs it: API Gateway HTTP API events (payload format 2.0) to the
// real handler, whose cold start reads its secret from a Secrets Manager stand-in, opens the
// Aurora Data API stand-in (test/fakes/data-api-server.ts, statements run on the real
// PostgreSQL) as the functions do, verifying the schema, and sends jobs to the fauxqs SQS
// emulator with the queue settings of infra/terraform/agents. All AWS clients are the SDK's
// defaults, sent to the stand-ins by AWS_ENDPOINT_URL_<SERVICE>, as on Lambda.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startLocalSqs, type LocalSqs } from '../../src/entry/aws/local-sqs.ts';
import { packageLambdas } from '../../src/entry/aws/package-lambdas.ts';
import { readZip } from '../../src/entry/aws/zip.ts';
import { readJobQueueSettings } from '../../src/entry/aws/terraform-module.ts';
import { createServices } from '../../src/entry/compose.ts';
import { apiContainer, createApiHandler } from '../../src/entry/lambda/api.ts';
import { silentLogger } from '../../src/log.ts';
import { parseJson } from '../../src/parse-json.ts';
import { z } from 'zod';
import { startFakeDataApi, type FakeDataApi } from '../fakes/data-api-server.ts';
import {
  generateSigningKey,
  startFakeJwksServer,
  type FakeJwksServer,
  type SigningKey,
} from '../fakes/jwks-server.ts';
import {
  startFakeSecretsManager,
  type FakeSecretsManager,
} from '../fakes/secrets-manager-server.ts';
import { postgresAvailable, postgresSkipReason } from '../helpers/database.ts';
import { httpApiEvent } from '../helpers/http-api-event.ts';

const testDatabaseUrl = process.env['TEST_DATABASE_URL'] ?? '';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

// One child process is one container of the packaged function: it imports index.mjs once and
// hands it the events in turn (as lambda-bundles.test.ts does), printing the responses.
const RUNNER = `
const { handler } = await import(process.argv[1]);
const events = JSON.parse(await (await import('node:fs/promises')).readFile(process.argv[2], 'utf8'));
const responses = [];
for (const event of events) responses.push(await handler(event));
process.stdout.write(JSON.stringify(responses), () => process.exit(0));
`;
const API_TOKEN = 'lambda-api-token-0123456789abcdef';
const ISSUER = 'https://clerk.example.test';
const AUDIENCE = 'alex-api';
const CLERK_USER_ID = 'user_2lambdaApiCaller';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/api-token-Ab';

/** A response body read back as JSON of the given shape. */
const bodyOf = <T>(response: { body: string }, schema: z.ZodType<T>): T =>
  parseJson(response.body, schema, 'body');
const jobIdOf = (response: { body: string }) =>
  bodyOf(response, z.object({ job_id: z.uuid() })).job_id;
const problemOf = (response: { body: string }) =>
  bodyOf(response, z.object({ type: z.string(), detail: z.string() }));

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.skipIf(!postgresAvailable)(
  `the API function behind API Gateway${postgresAvailable ? '' : ` (${postgresSkipReason})`}`,
  () => {
    const schema = `alex_lambda_api_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    let admin: pg.Client;
    let dataApi: FakeDataApi;
    let secrets: FakeSecretsManager;
    let sqs: LocalSqs;
    let jwks: FakeJwksServer;
    let signingKey: SigningKey;
    const opened: Array<() => Promise<unknown>> = [];

    // fauxqs names its queues http://sqs.<region>.127.0.0.1:<port>/…, a host that WHATWG URL
    // parsing (config.ts) refuses as a malformed IPv4 address; it serves the same queue at
    // the emulator's address.
    const queueUrl = () =>
      `${sqs.endpoint}${new URL(sqs.queueUrl.replace(/\/\/[^/]+/, '//host')).pathname}`;

    /** The function's environment as infra/terraform/agents/api.tf sets it. */
    const functionEnv = (auth: Record<string, string>): Record<string, string> => ({
      ALEX_LOG_LEVEL: 'silent',
      AURORA_CLUSTER_ARN: 'arn:aws:rds:us-east-1:123456789012:cluster:alex-aurora-cluster',
      AURORA_SECRET_ARN:
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-xyz',
      AURORA_DATABASE: 'alex',
      AWS_REGION: 'us-east-1',
      ALEX_QUEUE: 'sqs',
      SQS_QUEUE_URL: queueUrl(),
      ...auth,
    });
    const tokenEnv = () => functionEnv({ ALEX_AUTH: 'token', ALEX_SECRETS_ARN: SECRET_ARN });

    /** A fresh container: its handler cold-starts on the first event. */
    const coldHandler = (env: Record<string, string>) => {
      const container = apiContainer(env);
      opened.push(async () => (await container().catch(() => undefined))?.services.close());
      return createApiHandler(container, silentLogger());
    };

    const jobRow = async (jobId: string) =>
      (await admin.query(`SELECT status FROM ${schema}.jobs WHERE id = $1`, [jobId])).rows[0] as
        { status: string } | undefined;

    const receivedJobIds = async (): Promise<string[]> => {
      const { Messages } = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: sqs.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      return (Messages ?? []).map(
        (message) =>
          parseJson(message.Body ?? '', z.object({ job_id: z.string() }), 'message').job_id,
      );
    };

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      dataApi = await startFakeDataApi({ connectionString: testDatabaseUrl, schema });
      secrets = await startFakeSecretsManager({
        kind: 'value',
        secretString: JSON.stringify({ ALEX_API_TOKEN: API_TOKEN }),
      });
      sqs = await startLocalSqs({ settings: await readJobQueueSettings('infra/terraform/agents') });
      signingKey = await generateSigningKey('RS256', 'lambda-key');
      jwks = await startFakeJwksServer([signingKey]);
      vi.stubEnv('AWS_ENDPOINT_URL_RDS_DATA', dataApi.endpoint);
      vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
      vi.stubEnv('AWS_ENDPOINT_URL_SQS', sqs.endpoint);
      // Lambda sets the region in every function's environment; the SDK's clients read it there.
      vi.stubEnv('AWS_REGION', 'us-east-1');
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret-access-key');
      vi.stubEnv('AWS_SESSION_TOKEN', '');
      vi.stubEnv('AWS_PROFILE', '');
      // The operator's `alex aws migrate`: the functions only verify the schema.
      const operator = await createServices(loadConfig(functionEnv({})), {
        logger: silentLogger(),
      });
      await operator.close();
    }, 120_000);

    afterAll(async () => {
      for (const close of opened) await close();
      await jwks?.close();
      await sqs?.stop();
      await secrets?.close();
      await dataApi?.close();
      vi.unstubAllEnvs();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    it('answers GET /health', async () => {
      const response = await coldHandler(tokenEnv())(httpApiEvent('GET', '/health'));
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response, z.unknown())).toMatchObject({ status: 'healthy' });
    });

    it('with token auth (the token from the secret): analyze writes a pending job and sends it to the planner queue', async () => {
      const handler = coldHandler(tokenEnv());
      const refused = await handler(
        httpApiEvent('GET', '/api/user', { headers: bearer('x'.repeat(20)) }),
      );
      expect(refused.statusCode).toBe(401);
      expect(refused.headers?.['content-type']).toBe('application/problem+json');

      const populated = await handler(
        httpApiEvent('POST', '/api/populate-test-data', {
          headers: { ...bearer(API_TOKEN), 'content-type': 'application/json' },
        }),
      );
      expect(populated.statusCode).toBe(200);

      const analyzed = await handler(
        httpApiEvent('POST', '/api/analyze', {
          ...json({ analysis_type: 'portfolio', options: {} }),
          headers: { ...json({}).headers, ...bearer(API_TOKEN) },
        }),
      );
      expect(analyzed.statusCode).toBe(202);
      const jobId = jobIdOf(analyzed);
      expect(await jobRow(jobId)).toEqual({ status: 'pending' });
      expect(await receivedJobIds()).toEqual([jobId]);

      // The event stream answers what there is and asks the client to come back (SSE retry),
      // as API Gateway delivers a response only once it is complete.
      const events = await handler(
        httpApiEvent('GET', `/api/jobs/${jobId}/events`, { headers: bearer(API_TOKEN) }),
      );
      expect(events.statusCode).toBe(200);
      expect(events.headers?.['content-type']).toContain('text/event-stream');
      expect(events.body).toMatch(/retry: 2000\n\n$/);

      const job = await handler(
        httpApiEvent('GET', `/api/jobs/${jobId}`, { headers: bearer(API_TOKEN) }),
      );
      expect(bodyOf(job, z.unknown())).toMatchObject({ id: jobId, status: 'pending' });
    });

    it('with JWT auth: the caller is created from the token and analyze reaches the queue', async () => {
      const handler = coldHandler(
        functionEnv({
          ALEX_AUTH: 'jwt',
          ALEX_JWT_JWKS_URL: jwks.jwksUrl,
          ALEX_JWT_ISSUER: ISSUER,
          ALEX_JWT_AUDIENCE: AUDIENCE,
        }),
      );
      const token = await new SignJWT({ sub: CLERK_USER_ID, name: 'Lambda Caller' })
        .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('2m')
        .sign(signingKey.privateKey);
      const user = await handler(httpApiEvent('GET', '/api/user', { headers: bearer(token) }));
      expect(user.statusCode).toBe(200);
      expect(bodyOf(user, z.unknown())).toMatchObject({
        created: true,
        user: { clerk_user_id: CLERK_USER_ID, display_name: 'Lambda Caller' },
      });
      await handler(
        httpApiEvent('POST', '/api/populate-test-data', {
          headers: { ...bearer(token), 'content-type': 'application/json' },
        }),
      );
      const analyzed = await handler(
        httpApiEvent('POST', '/api/analyze', {
          ...json({ analysis_type: 'portfolio', options: {} }),
          headers: { ...json({}).headers, ...bearer(token) },
        }),
      );
      expect(analyzed.statusCode).toBe(202);
      const jobId = jobIdOf(analyzed);
      expect(await jobRow(jobId)).toEqual({ status: 'pending' });
      expect(await receivedJobIds()).toEqual([jobId]);
    });

    it('refuses local auth with a problem document naming ALEX_AUTH, before touching the database', async () => {
      const callsBefore = dataApi.calls.length;
      const response = await coldHandler(functionEnv({ ALEX_AUTH: 'local' }))(
        httpApiEvent('GET', '/api/user'),
      );
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      const problem = problemOf(response);
      expect(problem.type).toBe('urn:alex:problem:unavailable');
      expect(problem.detail).toMatch(
        /ALEX_AUTH: is local, .*loopback.*ALEX_AUTH=token.*ALEX_AUTH=jwt/,
      );
      expect(dataApi.calls.length).toBe(callsBefore);
    });

    it('with token auth and a secret that holds no token: 503 naming the secret, then works once it is set', async () => {
      secrets.set({ kind: 'value', secretString: '{}' });
      const handler = coldHandler(tokenEnv());
      const response = await handler(httpApiEvent('GET', '/health'));
      expect(response.statusCode).toBe(503);
      expect(problemOf(response).detail).toContain(
        'ALEX_SECRETS_ARN: with ALEX_AUTH=token the secret must hold the API token',
      );
      // The failed cold start is not kept: the same container reads the secret again.
      secrets.set({ kind: 'value', secretString: JSON.stringify({ ALEX_API_TOKEN: API_TOKEN }) });
      const user = await handler(httpApiEvent('GET', '/api/user', { headers: bearer(API_TOKEN) }));
      expect(user.statusCode).toBe(200);
    });

    it('the packaged zip does the same over the Data API, SQS and Secrets Manager (the AWS SDK clients as bundled)', async () => {
      mkdirSync(join(ROOT, 'dist'), { recursive: true });
      const workDir = mkdtempSync(join(ROOT, 'dist', 'lambda-api-test-'));
      try {
        const [item] = await packageLambdas({
          rootDir: ROOT,
          outDir: join(workDir, 'packages'),
          agents: ['api'],
        });
        for (const entry of readZip(readFileSync(item?.zipPath ?? ''))) {
          const target = join(workDir, 'api', ...entry.name.split('/'));
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, entry.data);
        }
        // No planner runs here: the earlier tests' jobs would stay pending and, one analysis
        // per user at a time, refuse this one.
        await admin.query(`UPDATE ${schema}.jobs SET status = 'failed' WHERE status = 'pending'`);
        const eventsFile = join(workDir, 'events.json');
        const headers = { ...bearer(API_TOKEN), 'content-type': 'application/json' };
        writeFileSync(
          eventsFile,
          JSON.stringify([
            httpApiEvent('DELETE', '/api/reset-accounts', { headers: bearer(API_TOKEN) }),
            httpApiEvent('POST', '/api/populate-test-data', { headers }),
            httpApiEvent('POST', '/api/analyze', {
              headers,
              body: '{"analysis_type":"portfolio"}',
            }),
          ]),
        );
        // A clean environment: the function's variables and what Lambda adds (region, role
        // credentials); the SDK's endpoints point at the stand-ins.
        const { stdout } = await run(
          process.execPath,
          ['--input-type=module', '-e', RUNNER, join(workDir, 'api', 'index.mjs'), eventsFile],
          {
            env: {
              PATH: process.env['PATH'],
              ...tokenEnv(),
              AWS_ENDPOINT_URL_RDS_DATA: dataApi.endpoint,
              AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
              AWS_ENDPOINT_URL_SQS: sqs.endpoint,
              AWS_ACCESS_KEY_ID: 'AKIDFAKE',
              AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
            },
            timeout: 120_000,
          },
        );
        const responses = parseJson(
          stdout,
          z.array(z.object({ statusCode: z.number(), body: z.string() })),
          'responses',
        );
        expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 202]);
        const jobId = jobIdOf(responses[2] ?? { body: '' });
        expect(await jobRow(jobId)).toEqual({ status: 'pending' });
        expect(await receivedJobIds()).toEqual([jobId]);
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    }, 240_000);

    it('refuses an event that is not an HTTP API payload 2.0', async () => {
      const handler = coldHandler(tokenEnv());
      const { version: _version, ...withoutVersion } = httpApiEvent('GET', '/health');
      await expect(handler({ ...withoutVersion, version: '1.0' })).rejects.toThrowError(
        /event\.version: must be "2\.0"/,
      );
    });
  },
);
