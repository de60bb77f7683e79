// A real `alex serve` for tests: the services of a real database (embedded PGlite in a temp
// directory, or a fresh schema on TEST_DATABASE_URL), the Hono app on an ephemeral 127.0.0.1
// port, its in-process worker, and a fetch-based client.
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
    engine?: 'pglite' | 'postgres';
    env?: Environment;
    authenticator?: Authenticator;
    /** false: no worker in the server (jobs stay pending); PostgreSQL only. */
    worker?: boolean;
  } = {},
): Promise<TestApi> {
  const directory = mkdtempSync(join(tmpdir(), 'alex-api-'));
  let database: TestDatabase | undefined;
  const env: Environment = { ALEX_LOG_LEVEL: 'silent', ...options.env };
  if (options.engine === 'postgres') {
    database = await createPostgresTestDatabase();
    env['DATABASE_URL'] = database.connectionString;
    env['ALEX_QUEUE'] = 'local';
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
