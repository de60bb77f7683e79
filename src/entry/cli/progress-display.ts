import { AGENT_NAMES, FINISHED_JOB_STATUSES, type AgentName } from '../../contracts/jobs.ts';
import type { Job, Repositories } from '../../store/repositories/index.ts';
import type { ProgressFeed } from './progress-feed.ts';

// The live per-agent display of `alex analyze`, on stderr. It reads the job and its agent_runs
// rows, so it works the same whether this process, another worker or a Lambda runs the job.

const POLL_MS = 200;
// With the worker in this process its progress events wake the display; it reads the job again
// at least this often all the same, so the running agents' elapsed seconds keep moving.
const REDRAW_WITH_FEED_MS = 1000;

interface AgentLine {
  state: string;
  elapsedMs: number;
  tokens: number;
  model: string;
}

export async function followJob(
  repositories: Pick<Repositories, 'jobs' | 'agentRuns'>,
  userId: string,
  jobId: string,
  options: { live: boolean; signal?: AbortSignal; progress?: ProgressFeed },
): Promise<Job> {
  const feed = options.progress;
  const stream = process.stderr;
  const redraw = options.live && stream.isTTY;
  let drawnLines = 0;
  let lastPrinted = new Map<AgentName, string>();
  for (;;) {
    const seen = feed?.version(jobId) ?? 0;
    const job = await repositories.jobs.get(userId, jobId);
    const lines = await agentLines(repositories, jobId);
    const finished = FINISHED_JOB_STATUSES.includes(job.status);
    if (redraw) {
      if (drawnLines) stream.write(`\x1b[${drawnLines}A`);
      const text = render(job.status, lines);
      stream.write(text.map((line) => `\x1b[2K${line}\n`).join(''));
      drawnLines = text.length;
    } else if (options.live) {
      lastPrinted = printChanges(lines, lastPrinted);
    }
    if (finished) return job;
    if (options.signal?.aborted) throw options.signal.reason;
    if (feed) await feed.next(jobId, seen, REDRAW_WITH_FEED_MS);
    else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function agentLines(
  repositories: Pick<Repositories, 'agentRuns'>,
  jobId: string,
): Promise<Map<AgentName, AgentLine>> {
  const lines = new Map<AgentName, AgentLine>();
  const now = Date.now();
  for (const run of await repositories.agentRuns.list(jobId)) {
    const elapsedMs = run.durationMs ?? now - Date.parse(run.startedAt);
    lines.set(run.agent, {
      state:
        run.status === 'running'
          ? 'running'
          : run.status === 'succeeded'
            ? 'done'
            : `failed${run.error ? `: ${shorten(run.error)}` : ''}`,
      elapsedMs,
      tokens: run.inputTokens + run.outputTokens,
      model: run.model ?? '',
    });
  }
  return lines;
}

function render(status: string, lines: Map<AgentName, AgentLine>): string[] {
  return [
    `job ${status}`,
    ...AGENT_NAMES.map((agent) => {
      const line = lines.get(agent);
      if (!line) return `  ${agent.padEnd(11)} waiting`;
      return `  ${agent.padEnd(11)} ${line.state.padEnd(9)} ${(line.elapsedMs / 1000).toFixed(1).padStart(6)} s  ${String(line.tokens).padStart(7)} tokens  ${line.model}`;
    }),
  ];
}

function printChanges(
  lines: Map<AgentName, AgentLine>,
  printed: Map<AgentName, string>,
): Map<AgentName, string> {
  const next = new Map(printed);
  for (const [agent, line] of lines) {
    if (printed.get(agent) === line.state) continue;
    const detail =
      line.state === 'running'
        ? ''
        : ` in ${(line.elapsedMs / 1000).toFixed(1)} s, ${line.tokens} tokens (${line.model})`;
    process.stderr.write(`${agent}: ${line.state}${detail}\n`);
    next.set(agent, line.state);
  }
  return next;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
