import type { Command } from 'commander';
import { z } from 'zod';
import { parseJson } from '../../../parse-json.ts';
import { startApiServer, checkServeOptions } from '../../http/server.ts';
import type { CommandContext } from '../context.ts';
import { ensureDemoUser } from '../demo-user.ts';
import { numberOption } from '../options.ts';
import { printLine, printNotice } from '../output.ts';
import { untilSignal } from '../until-signal.ts';
import { analyze } from './analyze.ts';

interface StartFlags {
  port: string;
  serve: boolean;
  output: string;
}

// What `npm start` runs: the API and the web app on loopback with a worker in this process,
// the demo portfolio seeded into an empty database, and its analysis started, so the browser
// shows it live. ALEX_NO_SERVE=1 (or --no-serve) runs the CLI demo instead and exits.
export function registerStartCommand(program: Command, context: CommandContext): void {
  program
    .command('start')
    .description(
      'serve the web app and API on 127.0.0.1 and analyse the demo portfolio (what `npm start` runs)',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8787')
    .option('--no-serve', 'run the CLI demo and exit (also ALEX_NO_SERVE=1)')
    .option('--output <dir>', 'with --no-serve: where to write the outputs', 'alex-output')
    .action(async (flags: StartFlags) => {
      // eslint-disable-next-line no-restricted-properties -- a switch for scripts, read once here
      const noServe = ['1', 'true', 'yes'].includes(process.env['ALEX_NO_SERVE'] ?? '');
      if (!flags.serve || noServe) {
        await analyze(await context.services(), { demo: true, output: flags.output });
        return;
      }
      const port =
        numberOption('--port', flags.port, { min: 0, max: 65_535, integer: true }) ?? 8787;
      const host = '127.0.0.1';
      checkServeOptions(context.config(), { host, worker: true });
      const services = await context.services();
      await ensureDemoUser(services);
      const server = await startApiServer(services, { port, host, worker: true });
      printLine(`Alex is running at ${server.url}`);
      const demo = await startDemoAnalysis(server.url, context.config().api.auth);
      printNotice(demo.notice);
      if (demo.jobId) {
        // The analysis screen follows the job live (its event stream), then shows its results.
        printLine(`Watch the demo analysis at ${server.url}/analysis/${demo.jobId}`);
        printNotice('open that address in a browser to follow it; Ctrl-C stops the server');
      } else {
        printNotice('open the address in a browser; Ctrl-C stops the server');
      }
      await untilSignal();
      printNotice('stopping: finishing jobs in progress');
      await server.close();
    });
}

const analyzeAnswerSchema = z.object({ job_id: z.uuid() }).loose();

/**
 * Starts the demo user's analysis through the API, as the web app would: the started job's id,
 * and a notice saying what happened.
 */
async function startDemoAnalysis(
  url: string,
  auth: string,
): Promise<{ notice: string; jobId?: string }> {
  if (auth !== 'local') {
    return {
      notice: `ALEX_AUTH=${auth}: no demo analysis was started (it needs the local user); sign in and start one`,
    };
  }
  const response = await fetch(`${url}/api/analyze`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ analysis_type: 'portfolio_analysis' }),
    signal: AbortSignal.timeout(30_000),
  });
  if (response.ok) {
    const answer = parseJson(await response.text(), analyzeAnswerSchema, 'POST /api/analyze');
    return { notice: 'the demo analysis has started', jobId: answer.job_id };
  }
  // A refusal is not fatal: an analysis already running, or the hourly limit, leaves the app usable.
  const problem = (await response.json().catch(() => ({}))) as { detail?: unknown };
  const detail = typeof problem.detail === 'string' ? problem.detail : response.statusText;
  return { notice: `the demo analysis was not started (${response.status}: ${detail})` };
}
