// A real `alex serve` for tests: the services of a real database (embedded PGlite in a temp
// directory, a fresh schema on TEST_DATABASE_URL, or that schema reached as Aurora through the
// Data API stand-in), the Hono app on an ephemeral 127.0.0.1 port, its in-process worker, and a
// fetch-based client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig, type Environment } from '../../../src/config.ts';
import { createServices, type Services } from '../../../src/entry/compose.ts';
import {
  AuthenticationError,
  type Authenticator,
} from '../../../src/entry/http/auth/authenticator.ts';
import { bearerToken } from '../../../src/entry/http/auth/token-authenticator.ts';
import { startApiServer, type RunningServer } from '../../../src/entry/http/server.ts';
import { parseJson } from '../../../src/parse-json.ts';
import { startFakeDataApi, type FakeDataApi } from '../../fakes/data-api-server.ts';
import { createPostgresTestDatabase, type TestDatabase } from '../../helpers/database.ts';

export interface TestApi {
  server: RunningServer;
  services: Services;
  /** fetch against the server, as the named caller (see namedCallers) unless `as` is null. */
  call(path: string, init?: RequestInit & { as?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Test callers named in the bearer token (`Bearer user:alice`), so one server can be used by
 * several users, as the JWT mode allows. Anything else is rejected like a bad token.
 */
export function namedCallers(): Authenticator {
  return {
    mode: 'jwt',
    authenticate(header) {
      const token = bearerToken(header);
      const name = token?.startsWith('user:') ? token.slice(5) : undefined;
      if (!name) return Promise.reject(new AuthenticationError('unknown test caller'));
      return Promise.resolve({ externalId: `test|${name}`, name, email: `${name}@example.test` });
    },
  };
}

export async function startTestApi(
  options: {
    /**
     * data-api: the AWS path's database, Aurora through the RDS Data API stand-in (which
     * enforces the service's size limits); it sets the AWS SDK's endpoint and fake credentials
     * in process.env until close(), and the local queue.
     */
    engine?: 'pglite' | 'postgres' | 'data-api';
    env?: Environment;
    authenticator?: Authenticator;
    /** false: no worker in the server (jobs stay pending); PostgreSQL only. */
    worker?: boolean;
  } = {},
): Promise<TestApi> {
  const directory = mkdtempSync(join(tmpdir(), 'alex-api-'));
  let database: TestDatabase | undefined;
  let dataApi: FakeDataApi | undefined;
  const savedProcessEnv = new Map<string, string | undefined>();
  const env: Environment = { ALEX_LOG_LEVEL: 'silent', ...options.env };
  if (options.engine === 'postgres') {
    database = await createPostgresTestDatabase();
    env['DATABASE_URL'] = database.connectionString;
    env['ALEX_QUEUE'] = 'local';
  } else if (options.engine === 'data-api') {
    database = await createPostgresTestDatabase();
    dataApi = await startFakeDataApi({
      connectionString: process.env['TEST_DATABASE_URL'] ?? '',
      schema: database.schema,
    });
    const sdkEnv = {
      AWS_ENDPOINT_URL_RDS_DATA: dataApi.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
    };
    for (const name of Object.keys(sdkEnv)) savedProcessEnv.set(name, process.env[name]);
    Object.assign(process.env, sdkEnv);
    Object.assign(env, {
      AURORA_CLUSTER_ARN: 'arn:aws:rds:us-east-1:123456789012:cluster:alex-aurora-cluster',
      AURORA_SECRET_ARN:
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-AbCdEf',
      AURORA_DATABASE: 'alex',
      AWS_REGION: 'us-east-1',
      ALEX_QUEUE: 'local',
    });
  } else {
    env['ALEX_DATA_DIR'] = join(directory, 'data');
  }
  const services = await createServices(loadConfig(env));
  const authenticator = options.authenticator ?? namedCallers();
  let server: RunningServer;
  try {
    server = await startApiServer(services, {
      port: 0,
      host: '127.0.0.1',
      worker: options.worker ?? true,
      authenticator,
      eventPollMs: 100,
    });
  } catch (error) {
    await services.close();
    throw error;
  }
  return {
    server,
    services,
    call(path, init = {}) {
      const { as = 'alice', ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as !== null && !headers.has('authorization'))
        headers.set('authorization', `Bearer user:${as}`);
      return fetch(`${server.url}${path}`, {
        ...rest,
        headers,
        signal: AbortSignal.timeout(30_000),
      });
    },
    async close() {
      await server.close();
      await services.close();
      await dataApi?.close();
      for (const [name, value] of savedProcessEnv) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
      await database?.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A JSON request body with its content type. */
export function json(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export async function bodyOf<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Server-Sent Events read from a response until it ends: id, event name and parsed data. */
export async function readEvents(
  response: Response,
): Promise<
  Array<{ id: string | undefined; event: string | undefined; data: Record<string, unknown> }>
> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim();
      return {
        id: field('id'),
        event: field('event'),
        data: parseJson(field('data') ?? '{}', z.record(z.string(), z.unknown()), 'event'),
      };
    });
}
