import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatLine, tailLogs, type LogTailOptions } from './tail-logs.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const JOB = '5b0c9d8e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';
const FUNCTION_NAMES = {
  planner: 'alex-planner',
  tagger: 'alex-tagger',
  reporter: 'alex-reporter',
  charter: 'alex-charter',
  retirement: 'alex-retirement',
  api: 'alex-api',
};

describe('tailLogs', () => {
  const logs = mockClient(CloudWatchLogsClient);
  let printed: string[];
  const options = (overrides: Partial<LogTailOptions> = {}): LogTailOptions => ({
    agents: ['planner', 'reporter'],
    targets: { functionNames: FUNCTION_NAMES },
    sinceMs: 30 * 60_000,
    follow: false,
    jobId: undefined,
    pollMs: 3000,
    now: () => NOW,
    sleep: () => Promise.resolve(),
    signal: undefined,
    print: (line) => printed.push(line),
    ...overrides,
  });
  const client = () => new CloudWatchLogsClient({ region: 'us-east-1' });

  beforeEach(() => {
    logs.reset();
    printed = [];
  });

  it('merges the groups in time order, following nextToken, from the look-back window', async () => {
    logs
      .on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/alex-planner' })
      .resolvesOnce({
        events: [{ eventId: 'p1', timestamp: NOW - 3000, message: 'START RequestId: 1\n' }],
        nextToken: 'more',
      })
      .resolves({
        events: [{ eventId: 'p2', timestamp: NOW - 1000, message: 'END RequestId: 1\n' }],
      });
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/alex-reporter' }).resolves({
      events: [
        {
          eventId: 'r1',
          timestamp: NOW - 2000,
          message: JSON.stringify({
            level: 30,
            agent: 'reporter',
            jobId: JOB,
            event: 'agent-start',
          }),
        },
      ],
    });
    expect(await tailLogs(client(), options())).toBe(3);
    expect(printed).toEqual([
      '2026-11-24T11:59:57.000Z planner    START RequestId: 1',
      `2026-11-24T11:59:58.000Z reporter   INFO agent-start jobId=${JOB}`,
      '2026-11-24T11:59:59.000Z planner    END RequestId: 1',
    ]);
    const first = logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input;
    expect(first).toEqual({
      logGroupName: '/aws/lambda/alex-planner',
      startTime: NOW - 30 * 60_000,
    });
    expect(logs.commandCalls(FilterLogEventsCommand)[1]?.args[0].input.nextToken).toBe('more');
  });

  it('follows from the newest line shown without repeating it, until stopped', async () => {
    const stop = new AbortController();
    let polls = 0;
    logs.on(FilterLogEventsCommand).callsFake(() => {
      polls += 1;
      const events = [{ eventId: 'a', timestamp: NOW - 500, message: 'first' }];
      if (polls > 1) events.push({ eventId: 'b', timestamp: NOW + 100, message: 'second' });
      return { events };
    });
    const sleeps: number[] = [];
    const printedCount = await tailLogs(
      client(),
      options({
        agents: ['planner'],
        follow: true,
        signal: stop.signal,
        sleep: (ms) => {
          sleeps.push(ms);
          if (sleeps.length === 2) stop.abort();
          return Promise.resolve();
        },
      }),
    );
    expect(printedCount).toBe(2);
    expect(printed.map((line) => line.split(' ').at(-1))).toEqual(['first', 'second']);
    expect(sleeps).toEqual([3000, 3000]);
    expect(logs.commandCalls(FilterLogEventsCommand)[1]?.args[0].input.startTime).toBe(NOW - 500);
  });

  it('filters by job with a JSON pattern and skips a log group that does not exist', async () => {
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/alex-reporter' }).rejects(
      new ResourceNotFoundException({
        message: 'The specified log group does not exist.',
        $metadata: {},
      }),
    );
    logs
      .on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/alex-planner' })
      .resolves({ events: [] });
    expect(await tailLogs(client(), options({ jobId: JOB }))).toBe(0);
    expect(printed).toEqual([
      '(no log group /aws/lambda/alex-reporter: the function has not run yet or does not exist)',
    ]);
    expect(logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input.filterPattern).toBe(
      `{ $.jobId = "${JOB}" }`,
    );
  });

  it('other errors stop the command', async () => {
    logs.on(FilterLogEventsCommand).rejects(new Error('ExpiredTokenException: token expired'));
    await expect(tailLogs(client(), options())).rejects.toThrowError(
      /reading \/aws\/lambda\/alex-planner: ExpiredTokenException/,
    );
  });
});

describe('formatLine', () => {
  it('shows level, event, message, job and error of Alex lines; other text as it is', () => {
    const line = JSON.stringify({
      level: 50,
      event: 'record-fail',
      msg: 'crashed',
      jobId: JOB,
      error: 'boom',
    });
    expect(formatLine('planner', { timestamp: NOW, message: line })).toBe(
      `2026-11-24T12:00:00.000Z planner    ERROR record-fail crashed jobId=${JOB} error="boom"`,
    );
    expect(formatLine('charter', { timestamp: NOW, message: '{not json' })).toBe(
      '2026-11-24T12:00:00.000Z charter    {not json',
    );
  });
});
