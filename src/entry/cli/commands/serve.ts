import type { Command } from 'commander';
import { selectAuthenticator } from '../../http/auth/select-authenticator.ts';
import { startApiServer, checkServeOptions } from '../../http/server.ts';
import type { CommandContext } from '../context.ts';
import { numberOption } from '../options.ts';
import { printNotice } from '../output.ts';
import { untilSignal } from '../until-signal.ts';

interface ServeFlags {
  port: string;
  host: string;
  worker: boolean;
}

export function registerServeCommand(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description('serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) with a worker')
    .option('--port <n>', 'port to listen on', '8787')
    .option(
      '--host <address>',
      'address to listen on (ALEX_AUTH=local: loopback only)',
      '127.0.0.1',
    )
    .option('--no-worker', 'leave jobs to `alex worker` processes (PostgreSQL) or SQS/Lambda')
    .action(async (flags: ServeFlags) => {
      const port =
        numberOption('--port', flags.port, { min: 0, max: 65_535, integer: true }) ?? 8787;
      // Refused before the database is opened: a refused start writes nothing.
      checkServeOptions(context.config(), { host: flags.host, worker: flags.worker });
      const authenticator = await selectAuthenticator(context.config().api);
      const server = await startApiServer(await context.services(), {
        port,
        host: flags.host,
        worker: flags.worker,
        authenticator,
      });
      printNotice(
        `Alex API on ${server.url} (ALEX_AUTH=${context.config().api.auth}); docs at ${server.url}/docs`,
      );
      await untilSignal();
      await server.close();
    });
}
