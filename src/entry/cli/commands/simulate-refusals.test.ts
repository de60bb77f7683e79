import { describe, expect, it } from 'vitest';
import { InputError } from '../../../errors.ts';
import { parseFlags, simulationRequest } from './simulate.ts';

// `alex simulate` shares its checks with POST /api/simulate, which words them with its body
// fields (test/api/api-simulate-names.test.ts); at the terminal they keep naming the flags.

/** The InputError's issues for the flags, as "field: rule". */
function refusal(flags: Record<string, unknown>): string[] {
  try {
    simulationRequest(parseFlags({ simulations: '100', levers: false, balance: '1000', ...flags }));
  } catch (error) {
    if (error instanceof InputError) {
      return error.issues.map((issue) => `${issue.field}: ${issue.rule}`);
    }
    throw error;
  }
  return ['accepted'];
}

describe('alex simulate refusals', () => {
  it.each([
    [
      { spending: '40000', withdrawalRate: '0.04' },
      '--spending: give either --spending or --withdrawal-rate, not both',
    ],
    [{ returnMean: '0.07' }, '--return-mean: needs --return-volatility too (and vice versa)'],
    [
      { returnMean: '0.07', returnVolatility: '0.15', allocation: 'equity=1' },
      '--return-mean: describes one asset; do not combine with --allocation',
    ],
    [
      { inflationAdjust: false, strategy: 'guardrails' },
      '--no-inflation-adjust: applies to --strategy constant-dollar only; guardrails is defined in real terms',
    ],
    [
      { strategy: 'vpw', withdrawalRate: '0.05' },
      "--withdrawal-rate: does not apply to --strategy vpw, which sets each year's rate from the years left",
    ],
    [
      { model: 'historical', inflation: '0.03' },
      '--inflation: does not apply to --model historical, which uses the CPI of each historical year',
    ],
    [{ spouseAge: '60' }, '--spouse-age: applies with --spouse-social-security only'],
    [{ pension: ['65:1000'] }, '--current-age: is required by --pension: streams start at an age'],
    [
      { currentAge: '60', spouseSocialSecurity: '67:1000' },
      '--spouse-age: is required by --spouse-social-security',
    ],
    [
      { allocation: 'gold=1' },
      '--allocation: unknown asset class "gold" (use equity, fixed_income, real_estate, commodities, cash)',
    ],
    [
      { model: 'historical', yearsToRetirement: '80', retirementYears: '80' },
      '--retirement-years: years to retirement plus retirement years (160) exceed the 98 years of data',
    ],
  ] as const)('names the flags: %j', (flags, expected) => {
    expect(refusal(flags)).toEqual([expected]);
  });

  it('names the stream flag that a variable strategy cannot take', () => {
    expect(refusal({ currentAge: '60', strategy: 'guardrails', income: ['61:1000'] })[0]).toMatch(
      /^--income: applies to --strategy constant-dollar only: guardrails sets/,
    );
  });
});
