// The core flows of the HTTP API on PostgreSQL (TEST_DATABASE_URL): the whole analysis with an
// in-process worker, isolation and bad input; and `--no-worker`, where jobs wait for workers
// elsewhere and a second analysis is refused while one waits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresSkipReason } from '../helpers/database.ts';
import { bodyOf, json, readEvents, startTestApi, type TestApi } from './helpers/api-server.ts';

type Row = Record<string, unknown>;

describe.skipIf(!postgresAvailable)(
  `the HTTP API on PostgreSQL${postgresAvailable ? '' : ` (skipped: ${postgresSkipReason})`}`,
  () => {
    describe('with a worker in the server', () => {
      let api: TestApi;
      beforeAll(async () => {
        api = await startTestApi({ engine: 'postgres' });
      }, 120_000);
      afterAll(async () => {
        await api.close();
      });

      it('runs the whole analysis: populate, analyze, events to the end, the job', async () => {
        const populated = await api.call('/api/populate-test-data', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        });
        expect(populated.status).toBe(200);
        const started = await api.call(
          '/api/analyze',
          json('POST', { analysis_type: 'portfolio', options: {} }),
        );
        expect(started.status).toBe(202);
        const { job_id: jobId } = await bodyOf<{ job_id: string }>(started);
        const events = await readEvents(await api.call(`/api/jobs/${jobId}/events`));
        expect(events.at(-1)?.data).toMatchObject({ type: 'job-finished', status: 'completed' });
        const job = await bodyOf(await api.call(`/api/jobs/${jobId}`));
        expect(job).toMatchObject({ status: 'completed', partial: false, error_message: null });
        expect(Object.keys(job['charts_payload'] as Row).length).toBeGreaterThanOrEqual(4);

        const other = await api.call(`/api/jobs/${jobId}`, { as: 'mallory' });
        expect(other.status).toBe(404);
      });

      it('refuses bad input and writes nothing', async () => {
        const accounts = await bodyOf<Row[]>(await api.call('/api/accounts'));
        const accountId = String(accounts[0]?.['id']);
        const before = await bodyOf(await api.call(`/api/accounts/${accountId}/positions`));
        const response = await api.call(
          '/api/positions',
          json('POST', { account_id: accountId, symbol: 'VT', quantity: -1 }),
        );
        expect(response.status).toBe(400);
        expect((await bodyOf(response))['detail']).toMatch(/^quantity: /);
        expect(await bodyOf(await api.call(`/api/accounts/${accountId}/positions`))).toEqual(
          before,
        );
      });
    });

    describe('with --no-worker', () => {
      let api: TestApi;
      beforeAll(async () => {
        api = await startTestApi({ engine: 'postgres', worker: false });
      }, 120_000);
      afterAll(async () => {
        await api.close();
      });

      it('leaves the job pending for other workers and refuses a second one meanwhile', async () => {
        await api.call('/api/populate-test-data', { method: 'POST' });
        const first = await api.call('/api/analyze', json('POST', { request: 'just charts' }));
        expect(first.status).toBe(202);
        const { job_id: jobId } = await bodyOf<{ job_id: string }>(first);
        const second = await api.call('/api/analyze', json('POST', {}));
        expect(second.status).toBe(409);
        expect((await bodyOf(second))['type']).toBe('urn:alex:problem:conflict');
        const job = await bodyOf(await api.call(`/api/jobs/${jobId}`));
        expect(job['status']).toBe('pending');
        expect(job['request_payload']).toEqual({
          analysis_type: 'portfolio_analysis',
          request: 'just charts',
        });
        const { jobs } = await bodyOf<{ jobs: Row[] }>(await api.call('/api/jobs'));
        expect(jobs).toHaveLength(1);
      });
    });
  },
);
