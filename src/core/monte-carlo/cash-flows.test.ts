// Income and expenses beside the portfolio, against cases computed by hand (issue 16).
import { describe, expect, it } from 'vitest';
import { loadAnnualReturns } from '../../store/reference/annual-returns.ts';
import type { CashFlowStream } from './types.ts';
import { runPaths } from './engine.ts';
import { computeLevers } from './levers.ts';
import { simulateRetirement } from './simulate.ts';
import { claimingAdjustment } from './social-security.ts';
import { planOptions } from './test-options.ts';

const stream = (overrides: Partial<CashFlowStream>): CashFlowStream => ({
  kind: 'pension',
  person: 'self',
  startAge: 65,
  years: null,
  annualUsd: 40_000,
  inflationIndexed: true,
  ...overrides,
});

// One asset returning exactly 0% real every year: every path is the same sum of flows.
const zeroReturnWorld = { singleAsset: { meanReturn: 0, volatility: 0 }, inflationRate: 0 };

describe('a pension equal to spending', () => {
  it('makes success 100% with any portfolio, even none, in a volatile world', () => {
    for (const balanceUsd of [0, 1, 250_000]) {
      const result = simulateRetirement(
        planOptions({
          balanceUsd,
          currentAgeYears: 65,
          spending: { kind: 'amount', annualUsd: 40_000 },
          cashFlows: [stream({})],
        }),
      );
      expect(result.successProbability).toBe(1);
      expect(result.income.minimum.p10).toBeCloseTo(40_000, 6);
    }
  });

  it('fails without the pension (the same plan with no balance cannot pay anything)', () => {
    const result = simulateRetirement(
      planOptions({
        balanceUsd: 0,
        currentAgeYears: 65,
        spending: { kind: 'amount', annualUsd: 40_000 },
      }),
    );
    expect(result.successProbability).toBe(0);
  });
});

describe('a zero-return world with Social Security', () => {
  // 30 years from 65; $24,000 a year (indexed) from 67: 28 payments, worth 28 × 24,000 =
  // $672,000 at a 0% real return. Spending S needs 30·S without it and 30·S − 672,000 with it.
  const socialSecurity = stream({
    kind: 'social_security',
    startAge: 67,
    claimingAge: 67,
    annualUsd: 24_000,
  });
  const plan = (balanceUsd: number, withSocialSecurity: boolean) =>
    simulateRetirement(
      planOptions({
        ...zeroReturnWorld,
        simulations: 10,
        balanceUsd,
        currentAgeYears: 65,
        spending: { kind: 'amount', annualUsd: 42_400 },
        ...(withSocialSecurity ? { cashFlows: [socialSecurity] } : {}),
      }),
    );

  it('reduces the balance needed by the annuity’s value (undiscounted at 0%)', () => {
    expect(plan(30 * 42_400, false).successProbability).toBe(1);
    expect(plan(30 * 42_400 - 1, false).successProbability).toBe(0);
    expect(plan(30 * 42_400 - 672_000, true).successProbability).toBe(1);
    expect(plan(30 * 42_400 - 672_000 - 1, true).successProbability).toBe(0);
  });

  it('gives the sustainable spending (W + 672,000) / 30 from $600,000', () => {
    const result = plan(600_000, true);
    expect(result.sustainable.spendingUsd).toBeCloseTo((600_000 + 672_000) / 30, 6);
    expect(result.sustainable.withdrawalRate).toBeCloseTo(42_400 / 600_000, 9);
  });

  it('binds on the years before the benefit starts when the balance is small', () => {
    // $10,000 must carry the two years before the benefit alone: at most $5,000 a year,
    // although the whole horizon would allow (10,000 + 672,000) / 30 = $22,733.33.
    expect(plan(10_000, true).sustainable.spendingUsd).toBeCloseTo(5_000, 6);
  });
});

describe('a fixed nominal pension', () => {
  it('loses real value at the simulated inflation: year t pays P / 1.03^t in today’s dollars', () => {
    const pension = 30_000;
    const results = runPaths(
      planOptions({
        singleAsset: { meanReturn: 0.03, volatility: 0 },
        inflationRate: 0.03,
        simulations: 1,
        retirementYears: 10,
        balanceUsd: 0,
        currentAgeYears: 65,
        spending: { kind: 'amount', annualUsd: pension },
        cashFlows: [stream({ annualUsd: pension, inflationIndexed: false })],
      }),
    );
    for (let year = 0; year < 10; year++) {
      expect(results.income[year]).toBeCloseTo(pension / 1.03 ** year, 6);
    }
    // The first year is paid in full; the second falls short, so the plan failed then.
    expect(results.depletionYear[0]).toBe(1);
  });

  it('keeps its value when indexed', () => {
    const results = runPaths(
      planOptions({
        singleAsset: { meanReturn: 0.03, volatility: 0 },
        inflationRate: 0.03,
        simulations: 1,
        retirementYears: 10,
        balanceUsd: 0,
        currentAgeYears: 65,
        spending: { kind: 'amount', annualUsd: 30_000 },
        cashFlows: [stream({ annualUsd: 30_000 })],
      }),
    );
    expect(results.depletionYear[0]).toBe(-1);
    expect(results.income[9]).toBeCloseTo(30_000, 6);
  });
});

describe('historical mode with income streams, as a spreadsheet of the same years', () => {
  const rows = loadAnnualReturns();
  // Age 60, retiring at 62 after two years of saving; all stocks, withdrawals at the start of
  // each year. Social Security $20,000 (indexed) from 64; a fixed $12,000 pension from 62; a
  // one-off $50,000 expense (a roof) at 66; part-time work, $15,000 a year for 2 years at 62.
  const cashFlows: CashFlowStream[] = [
    stream({ kind: 'social_security', startAge: 64, claimingAge: 64, annualUsd: 20_000 }),
    stream({ startAge: 62, annualUsd: 12_000, inflationIndexed: false }),
    stream({ kind: 'expense', startAge: 66, years: 1, annualUsd: 50_000 }),
    stream({ kind: 'income', startAge: 62, years: 2, annualUsd: 15_000 }),
  ];
  const options = planOptions({
    model: 'historical',
    historicalReturns: rows,
    allocation: { equity: 1 },
    currentAgeYears: 60,
    yearsToRetirement: 2,
    retirementYears: 10,
    balanceUsd: 500_000,
    annualContributionUsd: 10_000,
    spending: { kind: 'amount', annualUsd: 60_000 },
    cashFlows,
  });
  const results = runPaths(options);

  it('gives the balance of every year that a row-by-row computation gives', () => {
    for (const startYear of [1929, 1966, 2000]) {
      const path = results.startYears!.indexOf(startYear);
      const first = rows.findIndex((row) => row.year === startYear);
      let balance = 500_000;
      let price = 1;
      const expected = [balance];
      for (let year = 0; year < 12; year++) {
        const row = rows[first + year]!;
        const growth = (1 + row.sp500) / (1 + row.cpi);
        const age = 60 + year;
        if (year < 2) {
          // Saving years: growth, then the contribution on the year's last day.
          balance = balance * growth + 10_000;
          price *= 1 + row.cpi;
        } else {
          // Retirement: on the first day, spending less this year's income.
          let income = 12_000 / price;
          if (age >= 64) income += 20_000;
          if (age === 66) income -= 50_000;
          if (age < 64) income += 15_000;
          balance = Math.max(0, balance - (60_000 - income)) * growth;
          price *= 1 + row.cpi;
        }
        expected.push(balance);
      }
      for (let year = 0; year <= 12; year++) {
        const simulated = results.wealth[year * results.paths + path]!;
        expect(simulated / expected[year]!).toBeCloseTo(1, 9);
      }
    }
  });
});

describe('the lever of claiming Social Security at 70', () => {
  it('applies the SSA adjustment: 0.70 at 62, 1 at 67, 1.24 at 70', () => {
    expect(claimingAdjustment(62)).toBeCloseTo(0.7, 12);
    expect(claimingAdjustment(64)).toBeCloseTo(0.8, 12);
    expect(claimingAdjustment(67)).toBe(1);
    expect(claimingAdjustment(70)).toBeCloseTo(1.24, 12);
    expect(() => claimingAdjustment(61)).toThrow(RangeError);
  });

  it('re-runs the plan with the benefit at 70 (1.24 / 1 of the benefit at 67, from 70)', () => {
    const options = planOptions({
      ...zeroReturnWorld,
      simulations: 10,
      currentAgeYears: 65,
      balanceUsd: 700_000,
      spending: { kind: 'amount', annualUsd: 45_000 },
      cashFlows: [
        stream({ kind: 'social_security', startAge: 67, claimingAge: 67, annualUsd: 24_000 }),
      ],
    });
    // At 0%: claiming at 67 brings 28 × 24,000 = 672,000; at 70, 25 × 29,760 = 744,000. The
    // plan needs 30 × 45,000 = 1,350,000: 700,000 + 672,000 is enough, and so is + 744,000;
    // the years before 70 then need 5 × 45,000 = 225,000, also covered.
    const lever = computeLevers(options, 1).find(
      (each) => each.lever === 'claim_social_security_later',
    );
    expect(lever?.change).toBe('claim Social Security at 70 instead of 67');
    expect(lever?.successProbability).toBe(1);
    const short = { ...options, balanceUsd: 1_350_000 - 744_000 };
    expect(simulateRetirement(short).successProbability).toBe(0);
    expect(
      computeLevers(short, 0).find((each) => each.lever === 'claim_social_security_later')
        ?.successProbability,
    ).toBe(1);
  });
});
