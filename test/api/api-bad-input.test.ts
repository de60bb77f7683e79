// Bad input on every route: wrong types, huge numbers, negative quantities, unknown fields,
// a 2 MB body, malformed JSON, a body that is not JSON, a malformed id. Each is a 4xx problem
// document whose string `detail` names the field, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, json, startTestApi, type TestApi } from './helpers/api-server.ts';

let api: TestApi;
type Row = Record<string, unknown>;
let accountId = '';
let positionId = '';

async function everything() {
  const accounts = await bodyOf<Row[]>(await api.call('/api/accounts'));
  const positions = [];
  for (const account of accounts) {
    positions.push(
      await bodyOf(await api.call(`/api/accounts/${String(account['id'])}/positions`)),
    );
  }
  const user = (await bodyOf<Row>(await api.call('/api/user')))['user'];
  return { user, accounts, positions, jobs: await bodyOf(await api.call('/api/jobs')) };
}

beforeAll(async () => {
  api = await startTestApi();
  await api.call('/api/populate-test-data', { method: 'POST' });
  const accounts = await bodyOf<Row[]>(await api.call('/api/accounts'));
  accountId = String(accounts[0]?.['id']);
  const { positions } = await bodyOf<{ positions: Row[] }>(
    await api.call(`/api/accounts/${accountId}/positions`),
  );
  positionId = String(positions[0]?.['id']);
}, 120_000);
afterAll(async () => {
  await api.close();
});

const BODY_ROUTES = () => [
  { method: 'PUT', path: '/api/user' },
  { method: 'POST', path: '/api/accounts' },
  { method: 'PUT', path: `/api/accounts/${accountId}` },
  { method: 'POST', path: '/api/positions' },
  { method: 'PUT', path: `/api/positions/${positionId}` },
  { method: 'POST', path: '/api/analyze' },
  { method: 'POST', path: '/api/simulate' },
];

// [route, body, the field the detail must name]
const INVALID_BODIES = (): Array<[string, string, unknown, string]> => [
  ['PUT', '/api/user', { years_until_retirement: 'ten' }, 'years_until_retirement'],
  ['PUT', '/api/user', { target_retirement_income: 1e300 }, 'target_retirement_income'],
  ['PUT', '/api/user', { asset_class_targets: { equity: 50 } }, 'asset_class_targets'],
  ['PUT', '/api/user', { display_name: '' }, 'display_name'],
  ['PUT', '/api/user', { sex: 'other' }, 'sex'],
  ['PUT', '/api/user', { plan_to_age: 121 }, 'plan_to_age'],
  ['PUT', '/api/user', { plan_to_age: 99.5 }, 'plan_to_age'],
  ['POST', '/api/accounts', { account_name: 'x', cash_balance: -5 }, 'cash_balance'],
  ['POST', '/api/accounts', { account_name: 'x', cash_balance: 1e15 }, 'cash_balance'],
  ['POST', '/api/accounts', { account_name: 42 }, 'account_name'],
  ['POST', '/api/accounts', { account_name: 'x', account_type: 'crypto' }, 'account_type'],
  ['PUT', `/api/accounts/${accountId}`, { cash_balance: '12' }, 'cash_balance'],
  ['POST', '/api/positions', { account_id: accountId, symbol: 'VTI', quantity: -3 }, 'quantity'],
  ['POST', '/api/positions', { account_id: accountId, symbol: 'VTI', quantity: 1e20 }, 'quantity'],
  ['POST', '/api/positions', { account_id: accountId, symbol: '$$$', quantity: 1 }, 'symbol'],
  ['POST', '/api/positions', { account_id: 'nope', symbol: 'VTI', quantity: 1 }, 'account_id'],
  ['PUT', `/api/positions/${positionId}`, { quantity: 0 }, 'quantity'],
  ['PUT', `/api/positions/${positionId}`, { quantity: 'many' }, 'quantity'],
  ['POST', '/api/analyze', { agents: ['astrologer'] }, 'agents'],
  ['POST', '/api/analyze', { analysis_type: 'stocks' }, 'analysis_type'],
  ['POST', '/api/analyze', { request: 'x'.repeat(3000) }, 'request'],
  ['POST', '/api/simulate', { simulations: 10_000_000 }, 'simulations'],
  ['POST', '/api/simulate', { strategy: 'yolo' }, 'strategy'],
  ['POST', '/api/simulate', { spending: 40_000, withdrawal_rate: 0.04 }, 'spending'],
  ['POST', '/api/simulate', { current_age: 60, sex: 'x' }, 'sex'],
  [
    'POST',
    '/api/simulate',
    { current_age: 60, plan_to_age: 90, retirement_years: 20 },
    'plan_to_age',
  ],
];

function expectProblem(response: Response, problem: Row, field: string, what: string) {
  expect(response.status, what).toBeGreaterThanOrEqual(400);
  expect(response.status, what).toBeLessThan(500);
  expect(response.headers.get('content-type'), what).toBe('application/problem+json');
  expect(typeof problem['detail'], what).toBe('string');
  expect(String(problem['detail']), what).toContain(field);
  expect(String(problem['type']), what).toMatch(/^urn:alex:problem:/);
  expect(JSON.stringify(problem), what).not.toMatch(/\n\s+at /);
}

describe('bad input', () => {
  it('is refused on every body route with the field and rule named, and writes nothing', async () => {
    const before = await everything();
    for (const [method, path, body, field] of INVALID_BODIES()) {
      const response = await api.call(path, json(method, body));
      expectProblem(response, await bodyOf(response), field, `${method} ${path} ${field}`);
      expect(response.status).toBe(400);
    }
    expect(await everything()).toEqual(before);
  });

  it('refuses unknown fields, malformed JSON, non-JSON bodies and 2 MB bodies on every body route', async () => {
    const before = await everything();
    const twoMegabytes = JSON.stringify({ account_name: 'x'.repeat(2 * 1024 * 1024) });
    for (const { method, path } of BODY_ROUTES()) {
      const what = `${method} ${path}`;
      const unknown = await api.call(path, json(method, { surprise: 1 }));
      expect(unknown.status, what).toBe(400);
      expectProblem(unknown, await bodyOf(unknown), 'surprise', what);

      const malformed = await api.call(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: '{"quantity": 1,',
      });
      expect(malformed.status, what).toBe(400);
      expectProblem(malformed, await bodyOf(malformed), 'body', what);

      const text = await api.call(path, {
        method,
        headers: { 'content-type': 'text/plain' },
        body: 'quantity=1',
      });
      expect(text.status, what).toBe(415);
      expectProblem(text, await bodyOf(text), 'content-type', what);

      const huge = await api.call(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: twoMegabytes,
      });
      expect(huge.status, what).toBe(413);
      expectProblem(huge, await bodyOf(huge), 'body', what);
    }
    expect(await everything()).toEqual(before);
  });

  it('names a malformed id or query parameter', async () => {
    for (const [method, path] of [
      ['GET', '/api/accounts/not-a-uuid/positions'],
      ['DELETE', '/api/accounts/not-a-uuid'],
      ['DELETE', '/api/positions/not-a-uuid'],
      ['GET', '/api/jobs/not-a-uuid'],
      ['GET', '/api/jobs/not-a-uuid/events'],
      ['GET', '/api/jobs/not-a-uuid/report.md'],
    ] as const) {
      const response = await api.call(path, { method });
      expect(response.status, path).toBe(400);
      expectProblem(response, await bodyOf(response), 'must be a UUID', path);
    }
    for (const query of ['limit=abc', 'limit=1000', 'offset=-1', 'page=2']) {
      const response = await api.call(`/api/jobs?${query}`);
      expect(response.status, query).toBe(400);
      expectProblem(response, await bodyOf(response), query.split('=')[0] ?? '', query);
    }
  });

  it("says the rule a job list's limit or offset breaks: its range, not just its type", async () => {
    const limitRule =
      'must be a whole number from 1 to 100: one list is one database answer, which on AWS (the Aurora Data API) holds at most 1 MiB';
    const offsetRule = 'must be a whole number from 0 to 1,000,000';
    for (const [query, field, rule] of [
      ['limit=101', 'query.limit', limitRule],
      ['limit=100000', 'query.limit', limitRule],
      ['limit=0', 'query.limit', limitRule],
      ['limit=-3', 'query.limit', limitRule],
      ['limit=2.5', 'query.limit', limitRule],
      ['limit=abc', 'query.limit', limitRule],
      ['offset=-1', 'query.offset', offsetRule],
      ['offset=1000001', 'query.offset', offsetRule],
      ['offset=0.5', 'query.offset', offsetRule],
    ] as const) {
      const response = await api.call(`/api/jobs?${query}`);
      expect(response.status, query).toBe(400);
      const problem = await bodyOf<{ detail: string; errors: unknown }>(response);
      expect(problem.errors, query).toEqual([{ field, rule }]);
      expect(problem.detail, query).toBe(`${field}: ${rule}`);
    }
    // The bounds themselves are a page.
    for (const query of ['limit=1', 'limit=100', 'offset=0', 'offset=1000000']) {
      expect((await api.call(`/api/jobs?${query}`)).status, query).toBe(200);
    }
  });
});
