import { afterEach, describe, expect, it, vi } from 'vitest';
import { followEvents, type ServerEvent } from './sse.ts';

// The API behind API Gateway (AWS Lambda) ends each event stream with the events so far and
// `retry: 2000` while the job runs; `alex serve` keeps one stream open until the job ends.
describe('followEvents', () => {
  afterEach(() => vi.unstubAllGlobals());

  function serve(bodies: string[]) {
    const requests: Array<Record<string, string>> = [];
    vi.stubGlobal('fetch', (_url: string, init: { headers: Record<string, string> }) => {
      requests.push(init.headers);
      const body = bodies.shift();
      return Promise.resolve(
        body === undefined ? new Response(null, { status: 500 }) : new Response(body),
      );
    });
    return requests;
  }

  it('comes back after the retry delay from the last event id until a stream ends without one', async () => {
    const requests = serve([
      'id: 1\nevent: agent-started\ndata: {"n":1}\n\nretry: 5\n\n',
      'retry: 5\n\n',
      'id: 2\nevent: job-finished\ndata: {"n":2}\n\n',
    ]);
    const events: ServerEvent[] = [];
    await followEvents(
      '/api/jobs/x/events',
      (event) => events.push(event),
      new AbortController().signal,
    );
    expect(events.map((event) => [event.id, event.event, event.data])).toEqual([
      ['1', 'agent-started', '{"n":1}'],
      ['2', 'job-finished', '{"n":2}'],
    ]);
    expect(requests.map((headers) => headers['last-event-id'])).toEqual([undefined, '1', '1']);
  });

  it('stops at the end of a stream that asks for no retry', async () => {
    const requests = serve(['id: 1\nevent: job-finished\ndata: {}\n\n', 'id: 2\ndata: {}\n\n']);
    const events: ServerEvent[] = [];
    await followEvents('/e', (event) => events.push(event), new AbortController().signal);
    expect(events).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });
});
