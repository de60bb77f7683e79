import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../jobs/index.ts';
import type { Job, Repositories } from '../../store/repositories/index.ts';
import { followJob } from './progress-display.ts';
import { createProgressFeed } from './progress-feed.ts';

const finished = (jobId: string): ProgressEvent => ({
  type: 'job-finished',
  jobId,
  status: 'completed',
  at: '2026-03-01T00:00:00.000Z',
});

describe('progress feed', () => {
  it('wakes a follower on an event for its job, not for another job', async () => {
    const feed = createProgressFeed();
    let woken = false;
    const waiting = feed.next('job-a', feed.version('job-a'), 60_000).then(() => (woken = true));
    feed.listener(finished('job-b'));
    await Promise.resolve();
    expect(woken).toBe(false);
    feed.listener(finished('job-a'));
    await waiting;
    expect(woken).toBe(true);
  });

  it('does not miss an event that came between reading the version and waiting', async () => {
    const feed = createProgressFeed();
    const since = feed.version('job-a');
    feed.listener(finished('job-a'));
    // A whole minute of timeout: only the earlier event can end this wait in time.
    await feed.next('job-a', since, 60_000);
    expect(feed.version('job-a')).toBe(since + 1);
  });

  it('lets followJob read the job when an event arrives instead of polling', async () => {
    const feed = createProgressFeed();
    let status: Job['status'] = 'running';
    let reads = 0;
    const repositories = {
      jobs: {
        get: (_userId: string, jobId: string) => {
          reads++;
          return Promise.resolve({ id: jobId, status } as Job);
        },
      },
      agentRuns: { list: () => Promise.resolve([]) },
    } as unknown as Pick<Repositories, 'jobs' | 'agentRuns'>;
    const following = followJob(repositories, 'user', 'job-a', { live: false, progress: feed });
    // Four polling periods pass without an event: a polling follower would have read again.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(reads).toBe(1);
    status = 'completed';
    feed.listener(finished('job-a'));
    expect((await following).status).toBe('completed');
    expect(reads).toBe(2);
  });
});
