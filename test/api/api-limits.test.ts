// What one user may start: one analysis at a time (409) and ALEX_ANALYZE_RATE_LIMIT an hour
// (429 with Retry-After). Neither refusal writes a job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, json, readEvents, startTestApi, type TestApi } from './helpers/api-server.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ env: { ALEX_ANALYZE_RATE_LIMIT: '1' } });
  await api.call('/api/populate-test-data', { method: 'POST' });
}, 120_000);
afterAll(async () => {
  await api.close();
});

async function jobCount(as: string): Promise<number> {
  return (await bodyOf<{ jobs: unknown[] }>(await api.call('/api/jobs', { as }))).jobs.length;
}

describe('analysis limits per user', () => {
  it('refuses a second analysis while one is pending, and writes nothing', async () => {
    const user = await bodyOf<{ user: { id: string } }>(await api.call('/api/user', { as: 'bob' }));
    // A job left pending (never sent to the queue) stands for one still waiting or running.
    await api.services.repositories.jobs.create(user.user.id, {
      analysis_type: 'portfolio_analysis',
    });
    const response = await api.call('/api/analyze', { ...json('POST', {}), as: 'bob' });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = await bodyOf(response);
    expect(problem['type']).toBe('urn:alex:problem:conflict');
    expect(problem['detail']).toMatch(/one analysis at a time/);
    expect(await jobCount('bob')).toBe(1);
  });

  it('refuses analyses over the hourly limit with Retry-After, and writes nothing', async () => {
    const first = await api.call('/api/analyze', json('POST', {}));
    expect(first.status).toBe(202);
    const { job_id: jobId } = await bodyOf<{ job_id: string }>(first);
    const events = await readEvents(await api.call(`/api/jobs/${jobId}/events`));
    expect(events.at(-1)?.event).toBe('job-finished');

    const second = await api.call('/api/analyze', json('POST', {}));
    expect(second.status).toBe(429);
    const retryAfter = Number(second.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const problem = await bodyOf(second);
    expect(problem['type']).toBe('urn:alex:problem:rate-limited');
    expect(problem['detail']).toMatch(/at most 1 analyses an hour/);
    expect(await jobCount('alice')).toBe(1);
  });
});
