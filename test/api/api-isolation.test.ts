// Every route is scoped to the caller: a second user who tries each route with the first
// user's ids gets the same 404 as for an id that does not exist, and nothing of the first
// user's changes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, json, readEvents, startTestApi, type TestApi } from './helpers/api-server.ts';

let api: TestApi;
type Row = Record<string, unknown>;

const alice = { accountId: '', positionId: '', jobId: '' };

/** Everything alice has, as she reads it. */
async function aliceState() {
  const accounts = await bodyOf<Row[]>(await api.call('/api/accounts'));
  const positions = [];
  for (const account of accounts) {
    positions.push(
      await bodyOf(await api.call(`/api/accounts/${String(account['id'])}/positions`)),
    );
  }
  return {
    user: await bodyOf<Row>(await api.call('/api/user')).then((body) => body['user']),
    accounts,
    positions,
    jobs: await bodyOf(await api.call('/api/jobs')),
    portfolio: await bodyOf(await api.call('/api/portfolio')),
  };
}

beforeAll(async () => {
  api = await startTestApi();
  await api.call('/api/populate-test-data', { method: 'POST' });
  const accounts = await bodyOf<Row[]>(await api.call('/api/accounts'));
  alice.accountId = String(accounts[0]?.['id']);
  const created = await bodyOf(
    await api.call(
      '/api/positions',
      json('POST', { account_id: alice.accountId, symbol: 'QQQJ', quantity: 2 }),
    ),
  );
  alice.positionId = String(created['id']);
  const job = await bodyOf(await api.call('/api/analyze', json('POST', {})));
  alice.jobId = String(job['job_id']);
  await readEvents(await api.call(`/api/jobs/${alice.jobId}/events`));
}, 180_000);
afterAll(async () => {
  await api.close();
});

describe('another user’s rows', () => {
  it('are a 404 on every route that takes an id, like an id that does not exist', async () => {
    const before = await aliceState();
    const attempts: Array<[string, (id: Partial<typeof alice>) => [string, RequestInit]]> = [
      ['PUT account', (id) => [`/api/accounts/${id.accountId}`, json('PUT', { cash_balance: 1 })]],
      ['DELETE account', (id) => [`/api/accounts/${id.accountId}`, { method: 'DELETE' }]],
      ['GET positions', (id) => [`/api/accounts/${id.accountId}/positions`, {}]],
      [
        'POST position',
        (id) => [
          '/api/positions',
          json('POST', { account_id: id.accountId, symbol: 'VTI', quantity: 1 }),
        ],
      ],
      ['PUT position', (id) => [`/api/positions/${id.positionId}`, json('PUT', { quantity: 9 })]],
      ['DELETE position', (id) => [`/api/positions/${id.positionId}`, { method: 'DELETE' }]],
      ['GET job', (id) => [`/api/jobs/${id.jobId}`, {}]],
      ['GET events', (id) => [`/api/jobs/${id.jobId}/events`, {}]],
      ['GET report.md', (id) => [`/api/jobs/${id.jobId}/report.md`, {}]],
      ['GET charts.json', (id) => [`/api/jobs/${id.jobId}/charts.json`, {}]],
    ];
    const missing = { accountId: randomUUID(), positionId: randomUUID(), jobId: randomUUID() };
    for (const [name, request] of attempts) {
      const [path, init] = request(alice);
      const response = await api.call(path, { ...init, as: 'mallory' });
      expect(response.status, name).toBe(404);
      const problem = await bodyOf(response);
      const [missingPath, missingInit] = request(missing);
      const nothing = await bodyOf(await api.call(missingPath, { ...missingInit, as: 'mallory' }));
      expect(problem, name).toEqual(nothing);
    }
    expect(await aliceState()).toEqual(before);
  });

  it('never appear in the second user’s lists, and their bulk routes touch only their own', async () => {
    const before = await aliceState();
    expect(await bodyOf(await api.call('/api/accounts', { as: 'mallory' }))).toEqual([]);
    const jobs = await bodyOf<{ jobs: Row[] }>(await api.call('/api/jobs', { as: 'mallory' }));
    expect(jobs.jobs).toEqual([]);
    const instruments = await bodyOf<Row[]>(await api.call('/api/instruments', { as: 'mallory' }));
    expect(instruments.map((instrument) => instrument['symbol'])).not.toContain('QQQJ');
    const portfolio = await bodyOf(await api.call('/api/portfolio', { as: 'mallory' }));
    expect(portfolio['total_usd']).toBe(0);

    const reset = await bodyOf(
      await api.call('/api/reset-accounts', { method: 'DELETE', as: 'mallory' }),
    );
    expect(reset['accounts_deleted']).toBe(0);
    const populated = await api.call('/api/populate-test-data', { method: 'POST', as: 'mallory' });
    expect(populated.status).toBe(200);
    await api.call('/api/user', { ...json('PUT', { display_name: 'Mallory' }), as: 'mallory' });
    expect(await aliceState()).toEqual(before);
  });
});
