import { describe, expect, it } from 'vitest';
import type { AgentRun, Job, User } from '../../store/repositories/index.ts';
import { eventsToSend, jobEvents, parseCursor, SETTLE_MS } from './job-events.ts';

const owner = { id: 'u', externalId: 'local' } as User;
const running = { status: 'running', completedAt: null, summaryPayload: null } as Job;

function run(id: string, startedAt: string, finishedAt: string | null): AgentRun {
  return {
    id,
    jobId: 'j',
    agent: 'reporter',
    attempt: 1,
    status: finishedAt ? 'succeeded' : 'running',
    model: 'offline',
    startedAt,
    finishedAt,
    durationMs: finishedAt ? 5 : null,
    inputTokens: 10,
    outputTokens: 20,
    costUsd: 0.01,
    error: null,
  };
}

describe('job progress events', () => {
  const runs = [
    run('aaaa', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:03.000Z'),
    run('bbbb', '2026-01-01T00:00:02.000Z', null),
  ];

  it('are ordered by time, and their ids sort the same way', () => {
    const events = jobEvents(running, runs, owner);
    expect(events.map((item) => [item.event.type, item.event.at])).toEqual([
      ['agent-started', '2026-01-01T00:00:01.000Z'],
      ['agent-started', '2026-01-01T00:00:02.000Z'],
      ['agent-finished', '2026-01-01T00:00:03.000Z'],
    ]);
    const ids = events.map((item) => item.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('hold back events younger than the settle time while the job runs', () => {
    const events = jobEvents(running, runs, owner);
    const databaseNow = new Date(new Date('2026-01-01T00:00:03.000Z').getTime() + SETTLE_MS - 1);
    const due = eventsToSend(events, undefined, { finished: false, databaseNow });
    expect(due.map((item) => item.event.at)).toEqual([
      '2026-01-01T00:00:01.000Z',
      '2026-01-01T00:00:02.000Z',
    ]);
  });

  it('resume strictly after the cursor, and send everything once the job has finished', () => {
    const finished = {
      status: 'partial',
      completedAt: '2026-01-01T00:00:03.000Z',
      error: 'charter failed',
      summaryPayload: null,
    } as Job;
    const events = jobEvents(finished, runs, owner);
    const cursor = parseCursor(events[0]?.id);
    const due = eventsToSend(events, cursor, { finished: true, databaseNow: new Date(0) });
    expect(due.map((item) => item.event.type)).toEqual([
      'agent-started',
      'agent-finished',
      'job-finished',
    ]);
    expect(due.at(-1)?.event).toMatchObject({ status: 'completed', partial: true });
  });

  it('ignore a Last-Event-ID this server could not have sent', () => {
    expect(parseCursor('garbage')).toBeUndefined();
    expect(parseCursor(undefined)).toBeUndefined();
  });
});
