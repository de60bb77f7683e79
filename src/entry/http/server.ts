import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { InputError } from '../../errors.ts';
import type { Services } from '../compose.ts';
import { createJobRuntime } from '../job-runtime.ts';
import { registerApiDocs } from './api-docs.ts';
import { serveWebApp } from './web-assets.ts';
import { createPooledRetirementProjector } from '../retirement-projector.ts';
import { startWorker, type RunningWorker } from '../worker.ts';
import { createApiApp } from './app.ts';
import type { Authenticator } from './auth/authenticator.ts';
import { isLoopbackHost, selectAuthenticator } from './auth/select-authenticator.ts';

export interface ServeOptions {
  port: number;
  host: string;
  /** Run jobs in this process (default), or leave them to `alex worker` processes / Lambda. */
  worker: boolean;
  /** Jobs this process runs at once with its own worker. */
  concurrency?: number;
  /** For tests: an authenticator other than the configured one. */
  authenticator?: Authenticator;
  eventPollMs?: number;
  /** The built web app to serve at `/`: web/dist unless a bench or test built one elsewhere. */
  webDistDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Refuse what cannot work before anything is opened or written. */
export function checkServeOptions(
  config: Services['config'],
  options: Pick<ServeOptions, 'host' | 'worker'>,
): void {
  if (config.api.auth === 'local' && !isLoopbackHost(options.host)) {
    throw InputError.field(
      '--host',
      `ALEX_AUTH=local answers every request as the one local user with no credentials, so it listens only on a loopback address (127.0.0.1, ::1, localhost); to listen on ${options.host}, set ALEX_AUTH=token (with ALEX_API_TOKEN) or ALEX_AUTH=jwt`,
    );
  }
  if (!options.worker && config.database.kind === 'pglite') {
    throw InputError.field(
      '--no-worker',
      'the embedded database (ALEX_DATA_DIR) is open in this process only, so no `alex worker` could take the jobs; drop --no-worker, or use PostgreSQL (DATABASE_URL)',
    );
  }
}

/** Start the API on host:port (0 picks a free port) with, by default, a worker beside it. */
export async function startApiServer(
  services: Services,
  options: ServeOptions,
): Promise<RunningServer> {
  checkServeOptions(services.config, options);
  const authenticator = options.authenticator ?? (await selectAuthenticator(services.config.api));
  // With a worker in this process, each job's Monte Carlo runs on warm threads so it never holds
  // up the API's requests, event streams or the jobs' heartbeats.
  const projector =
    options.worker && services.config.queue.kind !== 'sqs'
      ? createPooledRetirementProjector()
      : undefined;
  const runtime = await createJobRuntime(services, {
    ...(projector ? { retirementProjector: projector } : {}),
  });
  let worker: RunningWorker | undefined;
  if (options.worker && runtime.queue.kind !== 'sqs') {
    worker = await startWorker(services, runtime, { concurrency: options.concurrency ?? 2 });
  }
  const stopJobs = async () => {
    await (worker ?? runtime.queue).stop();
    await projector?.close();
  };
  const app = createApiApp({
    repositories: services.repositories,
    queue: runtime.queue,
    authenticator,
    config: services.config.api,
    logger: services.logger,
    ...(options.eventPollMs ? { eventPollMs: options.eventPollMs } : {}),
    ...(projector ? { runSimulation: projector.simulate } : {}),
  });
  // The API docs (/docs) and the web app (web/dist) at `/`; kept out of app.ts so the API's
  // Lambda bundle has none of them.
  registerApiDocs(app);
  app.use('*', serveWebApp(options.webDistDir));
  try {
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const started = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () =>
        resolve(started),
      );
      started.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    return {
      url: `http://${host}:${port}`,
      port,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Open event streams would hold close() until they end on their own.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await stopJobs();
      },
    };
  } catch (error) {
    await stopJobs();
    throw error;
  }
}
