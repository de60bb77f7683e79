// GET /api/xray on a real server: the caller's own portfolio, the same auth as every user route,
// thresholds from the query (this request), the profile (PUT /api/user) or the defaults, and
// bad thresholds refused with the rule and its range named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XRAY_RULE_IDS, xrayResponseSchema, type XrayResponse } from '../../src/contracts/xray.ts';
import { bodyOf, json, startTestApi, type TestApi } from './helpers/api-server.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await api.call('/api/populate-test-data', { method: 'POST' });
}, 120_000);
afterAll(async () => {
  await api.close();
});

async function xrayOf(query = '', as?: string): Promise<XrayResponse> {
  const response = await api.call(`/api/xray${query}`, as ? { as } : {});
  expect(response.status, await response.clone().text()).toBe(200);
  return xrayResponseSchema.parse(await response.json());
}

const ruleOf = (xray: XrayResponse, id: string) => xray.rules.find((rule) => rule.id === id)!;

describe('GET /api/xray', () => {
  it('needs the caller to be authenticated', async () => {
    const response = await api.call('/api/xray', { as: null });
    expect(response.status).toBe(401);
  });

  it('x-rays the caller’s portfolio with every rule and the companies behind its funds', async () => {
    const xray = await xrayOf();
    expect(xray.rules.map((rule) => rule.id)).toEqual([...XRAY_RULE_IDS]);
    expect(xray.exposures.companies.find((company) => company.symbol === 'AAPL')?.through).toEqual(
      expect.arrayContaining([expect.objectContaining({ via: 'direct' })]),
    );
    // Another caller with nothing in their portfolio has nothing to evaluate: never a pass.
    const empty = await xrayOf('', 'bob');
    expect(empty.total_usd).toBe(0);
    expect(ruleOf(empty, 'single_company')).toMatchObject({
      status: 'not_evaluated',
      passed: null,
    });
  });

  it('takes thresholds from the query over the profile over the defaults', async () => {
    expect(ruleOf(await xrayOf(), 'home_bias')).toMatchObject({
      threshold: 80,
      threshold_from: 'default',
    });
    const saved = await api.call('/api/user', json('PUT', { xray_thresholds: { home_bias: 90 } }));
    expect(saved.status).toBe(200);
    expect((await bodyOf(saved))['xray_thresholds']).toEqual({ home_bias: 90 });
    expect(ruleOf(await xrayOf(), 'home_bias')).toMatchObject({
      threshold: 90,
      threshold_from: 'profile',
    });
    expect(ruleOf(await xrayOf('?home_bias=70'), 'home_bias')).toMatchObject({
      threshold: 70,
      threshold_from: 'request',
    });
  });

  it('refuses a threshold out of range, not a number, or for an unknown rule, naming it', async () => {
    for (const [query, named] of [
      ['?emergency_fund=61', 'emergency_fund must be between 0 and 60'],
      ['?fee_ratio=cheap', 'fee_ratio must be a number written in decimal'],
      ['?cash_drag=5', 'cash_drag'],
    ] as const) {
      const response = await api.call(`/api/xray${query}`);
      expect(response.status, query).toBe(400);
      expect(String((await bodyOf(response))['detail']), query).toContain(named);
    }
    const profile = await api.call(
      '/api/user',
      json('PUT', { xray_thresholds: { single_company: 101 } }),
    );
    expect(profile.status).toBe(400);
    expect(String((await bodyOf(profile))['detail'])).toContain(
      'single_company must be between 0 and 100',
    );
  });
});
