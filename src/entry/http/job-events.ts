import type { JobEvent } from '../../contracts/api.ts';
import type { AgentRun, Job } from '../../store/repositories/index.ts';
import { toApiJob } from './wire-shapes.ts';
import type { User } from '../../store/repositories/index.ts';

// The events of GET /api/jobs/{id}/events are read from the database (agent_runs and the job
// row), not from the worker's memory: the stream then works the same whichever process runs
// the job (this one, `alex worker` elsewhere, a Lambda), and a reconnect rebuilds exactly the
// same events. Each event's id sorts by the time it happened, so `Last-Event-ID` is a cursor:
// the events after it are the ones the client has not seen.

export interface StreamEvent {
  id: string;
  event: JobEvent;
}

// A row written at time t is visible to other connections only once its statement commits,
// a moment after t. Events newer than this are held back until then, so a slow commit can
// never surface an event behind a cursor a client already holds. A finished job has no more
// writes coming and is streamed to the end at once.
export const SETTLE_MS = 1000;

/** Fixed width, so ids compare as strings in time order (13 digits last until the year 2286). */
function eventId(at: string, key: string): string {
  return `${String(new Date(at).getTime()).padStart(15, '0')}-${key}`;
}

/** Every event the job's rows describe, in order. */
export function jobEvents(job: Job, runs: readonly AgentRun[], owner: User): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const run of runs) {
    events.push({
      id: eventId(run.startedAt, `${run.id}-a`),
      event: {
        type: 'agent-started',
        at: run.startedAt,
        agent: run.agent,
        attempt: run.attempt,
        model: run.model,
      },
    });
    if (run.finishedAt && run.status !== 'running') {
      events.push({
        id: eventId(run.finishedAt, `${run.id}-b`),
        event: {
          type: run.status === 'succeeded' ? 'agent-finished' : 'agent-failed',
          at: run.finishedAt,
          agent: run.agent,
          attempt: run.attempt,
          model: run.model,
          duration_ms: run.durationMs,
          input_tokens: run.inputTokens,
          output_tokens: run.outputTokens,
          cost_usd: run.costUsd,
          error: run.error,
        },
      });
    }
  }
  if (isFinished(job) && job.completedAt) {
    const shown = toApiJob(job, owner);
    // "z" sorts after every run id (hex), so the end comes after runs of the same millisecond.
    events.push({
      id: eventId(job.completedAt, 'z-job'),
      event: {
        type: 'job-finished',
        at: job.completedAt,
        status: shown.status === 'failed' ? 'failed' : 'completed',
        partial: shown.partial,
        failed_agents: shown.failed_agents,
        error: job.error,
      },
    });
  }
  return events.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function isFinished(job: Job): boolean {
  return job.status === 'completed' || job.status === 'partial' || job.status === 'failed';
}

/**
 * The events to send now: after the cursor, and settled (older than SETTLE_MS on the
 * database's clock) unless the job has finished.
 */
export function eventsToSend(
  events: readonly StreamEvent[],
  cursor: string | undefined,
  options: { finished: boolean; databaseNow: Date },
): StreamEvent[] {
  const settledBefore = options.databaseNow.getTime() - SETTLE_MS;
  return events.filter(
    (item) =>
      (cursor === undefined || item.id > cursor) &&
      (options.finished || new Date(item.event.at).getTime() <= settledBefore),
  );
}

/** A Last-Event-ID this server could have sent; anything else starts from the beginning. */
export function parseCursor(header: string | undefined): string | undefined {
  return header && /^\d{15}-[0-9a-z-]{1,60}$/.test(header) ? header : undefined;
}
