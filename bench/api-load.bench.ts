// The HTTP API under load on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL; skipped
// without one): one `alex serve --no-worker` and two workers (pg-boss) in this process, in
// schemas of their own that are dropped afterwards, on loopback. 50 users at once each load the
// demo portfolio, add a position, start an analysis (offline writers) and read their accounts,
// portfolio and job until it ends. Reported: the p50/p95 latency of the read routes under that
// load, and whether every job reached a final status exactly once (one planner run each).
// The workers share this process's thread with the server, so the read latencies include the
// time requests wait behind the agents' computation; workers in their own processes
// (`alex worker`) keep that out of the server.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createServices } from '../src/entry/compose.ts';
import { AuthenticationError, type Authenticator } from '../src/entry/http/auth/authenticator.ts';
import { bearerToken } from '../src/entry/http/auth/token-authenticator.ts';
import { startApiServer } from '../src/entry/http/server.ts';
import { createJobRuntime } from '../src/entry/job-runtime.ts';
import { startWorker } from '../src/entry/worker.ts';
import { Secret } from '../src/secret.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';

const USERS = 50;
const WORKERS = 2;
const POLL_MS = 250;
// A bound on the whole run, so a stuck job ends the benchmark instead of hanging it.
const DEADLINE_MS = 10 * 60_000;
const READ_ROUTES = ['/api/accounts', '/api/portfolio', '/api/jobs', '/api/jobs/{id}'] as const;

/** Bench callers named in the bearer token (`Bearer user:7`), as JWT subjects would be. */
function benchCallers(): Authenticator {
  return {
    mode: 'jwt',
    authenticate(header) {
      const token = bearerToken(header);
      if (!token?.startsWith('user:')) {
        return Promise.reject(new AuthenticationError('unknown bench caller'));
      }
      return Promise.resolve({ externalId: `bench|${token.slice(5)}`, name: token });
    },
  };
}

function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return Math.round((sorted[index] ?? 0) * 10) / 10;
}

export async function run(): Promise<Record<string, unknown>> {
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
  if (!url) return { skipped: 'no PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL' };
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const schema = `alex_bench_api_${suffix}`;
  const pgbossSchema = `pgboss_bench_api_${suffix}`;
  const admin = await openDatabase({ kind: 'postgres', url: new Secret(url) }, { schema });
  await migrate(admin.db, { vectorAvailable: admin.vectorAvailable });
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const services = await createServices(
    loadConfig({
      DATABASE_URL: scoped.toString(),
      ALEX_PGBOSS_SCHEMA: pgbossSchema,
      ALEX_LOG_LEVEL: 'silent',
      ALEX_ANALYZE_RATE_LIMIT: '100',
    }),
  );
  const workers = [];
  const server = await startApiServer(services, {
    port: 0,
    host: '127.0.0.1',
    worker: false,
    authenticator: benchCallers(),
  });
  try {
    for (let index = 0; index < WORKERS; index += 1) {
      workers.push(
        await startWorker(services, await createJobRuntime(services), { concurrency: 2 }),
      );
    }
    const latencies = new Map<string, number[]>(READ_ROUTES.map((route) => [route, []]));
    const deadline = Date.now() + DEADLINE_MS;

    const call = async (user: number, path: string, init: RequestInit = {}, route?: string) => {
      const started = performance.now();
      const response = await fetch(`${server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer user:${user}`, 'content-type': 'application/json' },
      });
      const body: unknown = await response.json();
      if (route) latencies.get(route)?.push(performance.now() - started);
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
      return body as Record<string, unknown>;
    };

    const session = async (user: number): Promise<string> => {
      await call(user, '/api/user');
      const populated = await call(user, '/api/populate-test-data', { method: 'POST' });
      const [account] = populated['accounts'] as Array<{ id: string }>;
      await call(user, '/api/positions', {
        method: 'POST',
        body: JSON.stringify({ account_id: account?.id, symbol: 'VT', quantity: 10 }),
      });
      const started = await call(user, '/api/analyze', { method: 'POST', body: '{}' });
      const jobId = String(started['job_id']);
      while (Date.now() < deadline) {
        await call(user, '/api/accounts', {}, '/api/accounts');
        await call(user, '/api/portfolio', {}, '/api/portfolio');
        await call(user, '/api/jobs?limit=20', {}, '/api/jobs');
        const job = await call(user, `/api/jobs/${jobId}`, {}, '/api/jobs/{id}');
        if (job['status'] === 'completed' || job['status'] === 'failed') return jobId;
        await sleep(POLL_MS);
      }
      throw new Error(`job ${jobId} of user ${user} did not finish within the deadline`);
    };

    const startedAt = performance.now();
    const jobIds = await Promise.all(Array.from({ length: USERS }, (_, user) => session(user)));
    const elapsedMs = performance.now() - startedAt;

    const statuses = await sql<{ status: string; count: string }>`
      SELECT status, count(*)::text AS count FROM ${sql.id(schema, 'jobs')} GROUP BY status
    `.execute(admin.db);
    const plannerRuns = await sql<{ most: string | null }>`
      SELECT max(runs)::text AS most FROM (
        SELECT count(*) AS runs FROM ${sql.id(schema, 'agent_runs')}
        WHERE agent = 'planner' GROUP BY job_id) per_job
    `.execute(admin.db);
    const readAll = [...latencies.values()].flat().sort((a, b) => a - b);
    return {
      users: USERS,
      workers: WORKERS,
      jobs: new Set(jobIds).size,
      job_statuses: Object.fromEntries(statuses.rows.map((row) => [row.status, Number(row.count)])),
      most_planner_runs_of_one_job: Number(plannerRuns.rows[0]?.most ?? 0),
      elapsed_s: Math.round(elapsedMs / 100) / 10,
      read_requests: readAll.length,
      read_p50_ms: percentile(readAll, 0.5),
      read_p95_ms: percentile(readAll, 0.95),
      read_p95_ms_by_route: Object.fromEntries(
        [...latencies].map(([route, values]) => [
          route,
          percentile(
            [...values].sort((a, b) => a - b),
            0.95,
          ),
        ]),
      ),
    };
  } finally {
    for (const worker of workers) await worker.stop();
    await server.close();
    await services.close();
    await sql`DROP SCHEMA IF EXISTS ${sql.id(pgbossSchema)} CASCADE`.execute(admin.db);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
  }
}
