import {
  FilterLogEventsCommand,
  type CloudWatchLogsClient,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import type { AgentName } from '../../contracts/jobs.ts';
import { parseJson } from '../../parse-json.ts';
import type { AwsTargets } from './aws-targets.ts';
import { callAws } from './deploy.ts';

// `alex aws logs`: the functions' log lines from CloudWatch, merged in time order across the
// groups, by polling FilterLogEvents (StartLiveTail would need a streaming session per group
// and is billed per session minute; polling every few seconds is enough to watch a job).

export interface LogTailOptions {
  agents: readonly AgentName[];
  targets: Pick<AwsTargets, 'functionNames'>;
  /** How far back the first read goes. */
  sinceMs: number;
  /** Keep polling until `signal` aborts. */
  follow: boolean;
  /** Only the lines of this job (Alex logs jobId on every line of a run). */
  jobId: string | undefined;
  pollMs: number;
  /** Epoch milliseconds now; injected by tests. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  signal: AbortSignal | undefined;
  print: (line: string) => void;
}

const pinoLineSchema = z
  .object({
    level: z.number(),
    event: z.string().optional(),
    msg: z.string().optional(),
    jobId: z.string().optional(),
    error: z.unknown().optional(),
  })
  .loose();

const PINO_LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Prints the matching lines; returns how many were printed. */
export async function tailLogs(
  logs: Pick<CloudWatchLogsClient, 'send'>,
  options: LogTailOptions,
): Promise<number> {
  const groups = new Map(
    options.agents.map((agent) => [agent, `/aws/lambda/${options.targets.functionNames[agent]}`]),
  );
  const seen = new Set<string>();
  let startTime = options.now() - options.sinceMs;
  let printed = 0;
  for (;;) {
    const batch: Array<{ agent: AgentName; event: FilteredLogEvent }> = [];
    for (const [agent, logGroupName] of groups) {
      const events = await readGroup(logs, logGroupName, startTime, options);
      if (events === undefined) {
        options.print(
          `(no log group ${logGroupName}: the function has not run yet or does not exist)`,
        );
        groups.delete(agent);
        continue;
      }
      for (const event of events) batch.push({ agent, event });
    }
    batch.sort((left, right) => (left.event.timestamp ?? 0) - (right.event.timestamp ?? 0));
    for (const { agent, event } of batch) {
      // Each poll starts at the newest timestamp already shown, so lines at that millisecond
      // come again; their event ids keep them from printing twice.
      const id = event.eventId ?? `${event.logStreamName}:${event.timestamp}:${event.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      startTime = Math.max(startTime, event.timestamp ?? startTime);
      options.print(formatLine(agent, event));
      printed += 1;
    }
    if (!options.follow || options.signal?.aborted || groups.size === 0) return printed;
    await options.sleep(options.pollMs);
    if (options.signal?.aborted) return printed;
  }
}

async function readGroup(
  logs: Pick<CloudWatchLogsClient, 'send'>,
  logGroupName: string,
  startTime: number,
  options: Pick<LogTailOptions, 'jobId'>,
): Promise<FilteredLogEvent[] | undefined> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    try {
      const response = await callAws(`reading ${logGroupName}`, () =>
        logs.send(
          new FilterLogEventsCommand({
            logGroupName,
            startTime,
            ...(options.jobId ? { filterPattern: `{ $.jobId = "${options.jobId}" }` } : {}),
            ...(nextToken ? { nextToken } : {}),
          }),
        ),
      );
      events.push(...(response.events ?? []));
      nextToken = response.nextToken;
    } catch (error) {
      if (isMissingGroup(error)) return undefined;
      throw error;
    }
  } while (nextToken);
  return events;
}

function isMissingGroup(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.cause instanceof Error &&
    error.cause.name === 'ResourceNotFoundException'
  );
}

/** `time agent LEVEL event message jobId=…` for Alex's JSON lines; other lines as they are. */
export function formatLine(agent: AgentName, event: FilteredLogEvent): string {
  const time = new Date(event.timestamp ?? 0).toISOString();
  const raw = (event.message ?? '').trimEnd();
  let text = raw;
  if (raw.startsWith('{')) {
    try {
      const line = parseJson(raw, pinoLineSchema, 'log line');
      text = [
        PINO_LEVELS[line.level] ?? String(line.level),
        line.event,
        line.msg,
        line.jobId ? `jobId=${line.jobId}` : undefined,
        line.error === undefined ? undefined : `error=${JSON.stringify(line.error)}`,
      ]
        .filter((part) => part !== undefined)
        .join(' ');
    } catch {
      text = raw;
    }
  }
  return `${time} ${agent.padEnd(10)} ${text}`;
}
