// POST /api/simulate runs `alex simulate`'s checks, but a client reads only the API's names: every
// refusal, from the body's own schema or from the shared checks, names the body's fields and
// never a CLI flag. One body per rule those checks state; the caller has no birth year and no
// accounts, so nothing the profile or portfolio fills in answers for the body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, json, startTestApi, type TestApi } from './helpers/api-server.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

interface Problem {
  detail: string;
  errors: Array<{ field: string; rule: string }>;
}

// [what, body, the field refused, the other body fields its rule names]
const REFUSALS: Array<[string, Record<string, unknown>, string, string[]]> = [
  [
    'two horizons',
    { current_age: 60, plan_to_age: 90, retirement_years: 20 },
    'plan_to_age',
    ['retirement_years'],
  ],
  ['a plan-to age without an age', { plan_to_age: 90 }, 'plan_to_age', ['current_age']],
  ['a sex without an age', { sex: 'female' }, 'sex', ['current_age']],
  ['an age past the life table', { current_age: 120 }, 'current_age', []],
  [
    'a plan end before retirement',
    { current_age: 60, years_to_retirement: 5, plan_to_age: 65 },
    'plan_to_age',
    ['current_age', 'years_to_retirement'],
  ],
  [
    'retirement past the table’s age',
    { current_age: 30, years_to_retirement: 80 },
    'years_to_retirement',
    ['plan_to_age', 'retirement_years'],
  ],
  [
    'a horizon over 100 years',
    { current_age: 0, years_to_retirement: 0, plan_to_age: 120 },
    'plan_to_age',
    [],
  ],
  [
    'more years than the historical data',
    { model: 'historical', years_to_retirement: 80, retirement_years: 80 },
    'retirement_years',
    [],
  ],
  [
    'spending and a withdrawal rate',
    { spending: 40_000, withdrawal_rate: 0.04 },
    'spending',
    ['withdrawal_rate'],
  ],
  ['a mean without a volatility', { return_mean: 0.07 }, 'return_mean', ['return_volatility']],
  [
    'one asset and an allocation',
    { return_mean: 0.07, return_volatility: 0.15, allocation: { equity: 1 } },
    'return_mean',
    ['allocation'],
  ],
  [
    'nominal spending with a variable strategy',
    { inflation_adjust: false, strategy: 'guardrails' },
    'inflation_adjust',
    ['strategy'],
  ],
  ['spending with vpw', { strategy: 'vpw', spending: 40_000 }, 'spending', ['strategy']],
  [
    'one asset with historical returns',
    { model: 'historical', return_mean: 0.07, return_volatility: 0.15 },
    'return_mean',
    ['model'],
  ],
  [
    'inflation with historical returns',
    { model: 'bootstrap', inflation: 0.03 },
    'inflation',
    ['model'],
  ],
  [
    'a spouse age without a spouse stream',
    { spouse_age: 60 },
    'spouse_age',
    ['spouse_social_security'],
  ],
  ['a stream without an age', { pension: ['65:1000'] }, 'current_age', ['pension']],
  [
    'a stream with a variable strategy',
    { current_age: 60, strategy: 'guardrails', income: ['61:1000'] },
    'income',
    ['strategy'],
  ],
  [
    'a spouse stream without the spouse’s age',
    { current_age: 60, spouse_social_security: '67:1000' },
    'spouse_age',
    ['spouse_social_security'],
  ],
  ['a malformed stream', { current_age: 60, expense: ['sixty:1000'] }, 'expense', []],
  [
    'a withdrawal order without balances by tax treatment',
    { withdrawal_order: 'proportional' },
    'withdrawal_order',
    ['taxable', 'tax_deferred', 'tax_free'],
  ],
  [
    'parts that do not make the balance',
    { balance: 100, taxable: 50 },
    'balance',
    ['taxable', 'tax_deferred', 'tax_free'],
  ],
  ['tax-deferred money without an age', { tax_deferred: 1_000 }, 'current_age', ['tax_deferred']],
  ['taxes with a variable strategy', { taxable: 1_000, strategy: 'guardrails' }, 'strategy', []],
  ['an unknown asset class', { allocation: { gold: 1 } }, 'allocation', []],
  ['an unknown model', { model: 'astrology' }, 'model', []],
];

describe('POST /api/simulate refusals', () => {
  it.each(REFUSALS)(
    'name the body’s fields, never a flag: %s',
    async (_what, body, field, named) => {
      const response = await api.call('/api/simulate', json('POST', body));
      expect(response.status).toBe(400);
      const problem = await bodyOf<Problem>(response);
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]?.field).toBe(field);
      expect(problem.detail).toBe(`${field}: ${problem.errors[0]?.rule}`);
      for (const other of named) expect(problem.errors[0]?.rule).toContain(other);
      expect(JSON.stringify(problem)).not.toMatch(/--[a-z]/);
    },
  );
});
