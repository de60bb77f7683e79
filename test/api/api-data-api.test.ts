// The HTTP API over the AWS path's database: Aurora through the RDS Data API (the stand-in on
// 127.0.0.1, which refuses a result row over 64 KB and a response over 1 MiB as the service
// does). A job far larger than the demo's, and a list of many such jobs, are served whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresSkipReason } from '../helpers/database.ts';
import { bodyOf, startTestApi, type TestApi } from './helpers/api-server.ts';

type Row = Record<string, unknown>;

function largeSnapshot(positions: number, seed: number) {
  return {
    seed,
    positions: Array.from({ length: positions }, (_, index) => ({
      symbol: `SYM${index}`,
      name: `Fonds №${index} — 日本株 "quoted"`,
      quantity: (index * 3.5).toFixed(4),
    })),
  };
}

describe.skipIf(!postgresAvailable)(
  `the HTTP API over the Data API${postgresAvailable ? '' : ` (skipped: ${postgresSkipReason})`}`,
  () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ engine: 'data-api', worker: false });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
    });

    it('serves a large job, its report download and a list of large jobs', async () => {
      // The caller's user row is created on the first authenticated request.
      expect((await api.call('/api/user')).status).toBe(200);
      const { repositories } = api.services;
      const user = await repositories.users.findByExternalId('test|alice');
      if (!user) throw new Error('the test caller has no user row');
      const report = {
        content: Array.from({ length: 3_000 }, (_, index) => `Line ${index}: drift ± 0.9 ✓`).join(
          '\n',
        ),
        generated_at: '2026-01-02T03:04:05.000Z',
        agent: 'reporter' as const,
        model: 'offline',
        fact_check: { figures: 0, mismatches: [] },
        sources: [],
      };
      const ids: string[] = [];
      for (let index = 0; index < 20; index += 1) {
        const job = await repositories.jobs.create(user.id, {
          analysis_type: 'portfolio_analysis',
        });
        await repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
        await repositories.jobs.saveSnapshot(job.id, largeSnapshot(900, index), 1);
        await repositories.jobs.savePayload(job.id, 'reporter', report, 1);
        ids.push(job.id);
      }
      const first = ids[0] ?? '';

      const job = await api.call(`/api/jobs/${first}`);
      expect(job.status).toBe(200);
      expect((await bodyOf(job))['report_payload']).toMatchObject({ content: report.content });

      const download = await api.call(`/api/jobs/${first}/report.md`);
      expect(download.status).toBe(200);
      expect(await download.text()).toBe(report.content);

      const list = await api.call('/api/jobs?limit=20');
      expect(list.status).toBe(200);
      const listed = (await bodyOf<{ jobs: Row[] }>(list)).jobs;
      expect(listed.map((entry) => entry['id']).sort()).toEqual([...ids].sort());
    }, 180_000);
  },
);
