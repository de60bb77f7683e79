import { describe, expect, it } from 'vitest';
import { analyzePortfolio } from '../portfolio/analytics.ts';
import type { PortfolioInput } from '../portfolio/types.ts';
import type { XrayRuleId, XrayThresholds } from '../../contracts/xray.ts';
import { xrayTestPortfolio } from './test-xray-portfolio.ts';
import { toXrayJson, xrayPortfolio } from './xray.ts';

// A spending figure of $12,000 a year is $1,000 a month: the $1,000 taxable cash is 1 month.
const SPENDING_USD = 12_000;

function xrayOf(
  input: PortfolioInput = xrayTestPortfolio(),
  requestThresholds: XrayThresholds = {},
  annualSpendingUsd: number | null = SPENDING_USD,
) {
  return xrayPortfolio({
    input,
    analytics: analyzePortfolio(input),
    annualSpendingUsd,
    requestThresholds,
  });
}

function rule(
  id: XrayRuleId,
  thresholds: XrayThresholds = {},
  input?: PortfolioInput,
  spending?: number | null,
) {
  return xrayOf(input, thresholds, spending === undefined ? SPENDING_USD : spending).rules.find(
    (candidate) => candidate.id === id,
  )!;
}

describe('look-through', () => {
  const { lookThrough } = xrayOf();

  it('adds direct shares and each fund’s weight × position value, as a share of the whole portfolio', () => {
    // AAA: $1,000 direct + $2,000 × 10% + $1,000 × 20% = $1,400 of $6,000 = 23.33%.
    const aaa = lookThrough.companies[0]!;
    expect(aaa).toMatchObject({ name: 'AAA Corp', symbol: 'AAA', valueCents: 140_000, pct: 23.33 });
    expect(aaa.through).toEqual([
      { via: 'direct', valueCents: 100_000, pct: 16.67 },
      { via: 'FUND1', valueCents: 20_000, pct: 3.33 },
      { via: 'FUND2', valueCents: 20_000, pct: 3.33 },
    ]);
    // BBB: $2,000 × 5% = $100; CCC: $1,000 × 10% = $100; each 1.67%.
    expect(
      lookThrough.companies
        .slice(1)
        .map((company) => [company.name, company.valueCents, company.pct]),
    ).toEqual([
      ['BBB Corp', 10_000, 1.67],
      ['CCC Corp', 10_000, 1.67],
    ]);
  });

  it('names a company the same whichever fund is added first, in ordinary case over capitals', () => {
    const base = xrayTestPortfolio();
    const fund1 = base.instruments['FUND1']!;
    const capitals = {
      ...fund1,
      holdings: {
        ...fund1.holdings!,
        holdings: fund1.holdings!.holdings.map((holding) =>
          holding.symbol === 'AAA' ? { ...holding, name: 'AAA CORP' } : holding,
        ),
      },
    };
    const withoutDirect = base.accounts.map((account) => ({
      ...account,
      positions: account.positions.filter((position) => position.symbol !== 'AAA'),
    }));
    const reversed = withoutDirect.map((account) => ({
      ...account,
      positions: [...account.positions].reverse(),
    }));
    for (const accounts of [withoutDirect, reversed]) {
      const portfolio = {
        ...base,
        accounts,
        instruments: { ...base.instruments, FUND1: capitals },
      };
      const aaa = xrayOf(portfolio).lookThrough.companies.find(
        (company) => company.symbol === 'AAA',
      );
      expect(aaa?.name).toBe('AAA Corp');
    }
  });

  it('gives the weight two funds share and lists the fund it could not look through', () => {
    expect(lookThrough.overlap).toEqual([
      { funds: ['FUND1', 'FUND2'], sharedWeightPct: 10, companies: ['AAA Corp'] },
    ]);
    expect(lookThrough.notLookedThrough).toEqual([
      { symbol: 'BONDS', valueCents: 100_000, pct: 16.67 },
    ]);
    expect(lookThrough.lookedThrough.map((fund) => [fund.symbol, fund.coveredWeightPct])).toEqual([
      ['FUND1', 15],
      ['FUND2', 30],
    ]);
  });

  it('with no fund holdings at all counts direct shares only and says so', () => {
    const input = xrayTestPortfolio();
    for (const instrument of Object.values(input.instruments)) instrument.holdings = null;
    const xray = xrayOf(input);
    expect(xray.lookThrough.companies.map((company) => [company.symbol, company.pct])).toEqual([
      ['AAA', 16.67],
    ]);
    expect(xray.notes).toContain(
      'No held fund has shipped holdings: company exposure counts direct shares only.',
    );
    expect(toXrayJson(xray).exposures.companies[0]!.lower_bound).toBe(true);
  });
});

describe('currency exposure', () => {
  it('counts cash and 100% North America holdings as USD and leaves mixed regions unsplit', () => {
    // USD: cash $1,000 + AAA $1,000 + FUND1 $2,000 + BONDS $1,000 = $5,000; FUND2 is half
    // Europe, half North America (which may be CAD): $500 each, no currency claimed.
    const currencies = xrayOf().currencies;
    expect(
      currencies.map((bucket) => [bucket.key, bucket.currency, bucket.valueCents, bucket.pct]),
    ).toEqual([
      ['usd', 'USD', 500_000, 83.34],
      ['europe', null, 50_000, 8.33],
      ['north_america', null, 50_000, 8.33],
    ]);
    expect(currencies[1]!.label).toContain('mixed currencies');
  });
});

describe('rules at their threshold boundaries', () => {
  // [rule, value, a threshold it passes at (the boundary), one it fails at]
  const cases: Array<[XrayRuleId, number, number, number]> = [
    ['emergency_fund', 1, 1, 1.01], // $1,000 taxable cash / $1,000 a month
    ['fee_ratio', 0.2333, 0.2333, 0.2332], // ($2,000 × 0.1% + $1,000 × 0.5%) / $3,000
    ['single_company', 23.33, 23.33, 23.32],
    ['account_concentration', 66.67, 66.67, 66.66], // IRA $4,000 of $6,000
    ['currency_concentration', 83.34, 83.34, 83.33],
    ['home_bias', 87.5, 87.5, 87.49], // stocks: $3,500 of $4,000 in North America
    ['target_drift', 3.33, 3.33, 3.32], // cash 16.67% against its 20% target
  ];
  for (const [id, value, passAt, failAt] of cases) {
    it(`${id}: ${value} passes at ${passAt} and fails at ${failAt}`, () => {
      expect(rule(id, { [id]: passAt })).toMatchObject({
        value,
        status: 'passed',
        thresholdFrom: 'request',
      });
      expect(rule(id, { [id]: failAt })).toMatchObject({ value, status: 'failed' });
    });
  }
});

describe('drift from targets', () => {
  it('leaves out cash that has no target of its own', () => {
    // The asset classes are $4,000 / $1,000 / $1,000 of $6,000; shares to the hundredth by largest
    // remainder are equity 66.66%, cash 16.67%, fixed income 16.67%. Targets equity 80 / fixed
    // income 20 and none for cash: equity is 13.34 points under, fixed income 3.33 under, and cash
    // (16.67 points "over" a target of 0 if it were counted) is left out.
    const input = xrayTestPortfolio({ targets: { assetClass: { equity: 80, fixed_income: 20 } } });
    expect(rule('target_drift', {}, input)).toMatchObject({ value: 13.34, status: 'failed' });
    const withCash = xrayTestPortfolio({
      targets: { assetClass: { equity: 70, fixed_income: 30, cash: 0 } },
    });
    // With a cash target of 0 it counts: 16.67 over, more than equity (3.34) or bonds (13.33).
    expect(rule('target_drift', {}, withCash)).toMatchObject({ value: 16.67 });
  });
});

describe('rules whose input is unknown are not evaluated, never passed', () => {
  const empty: PortfolioInput = { accounts: [], instruments: {} };
  const bondsOnly = xrayTestPortfolio({
    accounts: [
      {
        id: 'ira',
        name: 'IRA',
        type: 'tax_deferred',
        cashCents: 0,
        positions: [{ symbol: 'BONDS', quantity: 1 }],
      },
    ],
    targets: undefined,
  });
  const cases: Array<[XrayRuleId, PortfolioInput, number | null]> = [
    ['emergency_fund', xrayTestPortfolio(), null],
    ['fee_ratio', bondsOnly, SPENDING_USD],
    ['single_company', bondsOnly, SPENDING_USD],
    ['account_concentration', empty, SPENDING_USD],
    ['currency_concentration', empty, SPENDING_USD],
    ['home_bias', bondsOnly, SPENDING_USD],
    ['target_drift', bondsOnly, SPENDING_USD],
  ];
  for (const [id, input, spending] of cases) {
    it(id, () => {
      const result = rule(id, {}, input, spending);
      expect(result).toMatchObject({ status: 'not_evaluated', value: null });
      expect(result.why.length).toBeGreaterThan(20);
      const json = toXrayJson(xrayOf(input, {}, spending)).rules.find((entry) => entry.id === id)!;
      expect(json.passed).toBeNull();
    });
  }
});

describe('thresholds', () => {
  it('take the request over the profile over the default', () => {
    const xray = xrayPortfolio({
      input: xrayTestPortfolio(),
      analytics: analyzePortfolio(xrayTestPortfolio()),
      annualSpendingUsd: SPENDING_USD,
      profileThresholds: { emergency_fund: 6, fee_ratio: 0.2 },
      requestThresholds: { emergency_fund: 1 },
    });
    const byId = Object.fromEntries(xray.rules.map((entry) => [entry.id, entry]));
    expect(byId['emergency_fund']).toMatchObject({
      threshold: 1,
      thresholdFrom: 'request',
      status: 'passed',
    });
    expect(byId['fee_ratio']).toMatchObject({
      threshold: 0.2,
      thresholdFrom: 'profile',
      status: 'failed',
    });
    expect(byId['home_bias']).toMatchObject({
      threshold: 80,
      thresholdFrom: 'default',
      status: 'failed',
    });
  });
});
