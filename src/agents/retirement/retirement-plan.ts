import {
  cashFlowsFromIncomeStreams,
  centsToUsd,
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  DEFAULT_TARGET_SUCCESS,
  portfolioMoments,
  taxOptionsFrom,
  type HorizonRule,
  type SimulatedAssetClass,
  type SimulationOptions,
  type TaxOptions,
} from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import { profileHorizon } from './horizon.ts';
import type { HorizonSource, RetirementPlan } from './projection.ts';
import {
  retirementProfileSchema,
  type RetirementOptions,
  type RetirementProfile,
} from './schema.ts';

// Defaults of a plan built from a user's profile. 10,000 paths put the sampling error of a
// success probability near 90% at about 0.3 percentage points (√(0.9·0.1/10,000)), below the
// precision anyone should read into it. The horizon is core's planHorizon, the rule of `alex
// simulate` (./horizon.ts). Inflation defaults to the mean CPI inflation the capital-market
// assumptions estimate from the shipped 1928-2025 data, the same default as `alex simulate`,
// so the two never assume two inflation rates for one question.
export const DEFAULT_SIMULATIONS = 10_000;
export const DEFAULT_INFLATION_PCT = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.inflation.meanReturn * 100;
// Without an age in the profile, ages are labelled as if the user retires at 65 (the usual US
// reference age); the payload and the narrative say the ages are assumed.
export const ASSUMED_RETIREMENT_AGE = 65;

export type { RetirementPlan } from './projection.ts';

/** Maps the snapshot (balance, asset-class mix, profile) and options onto the engine. */
export function planFromSnapshot(
  snapshot: PortfolioSnapshot,
  options: RetirementOptions = {},
): RetirementPlan {
  const profile = parseWith(retirementProfileSchema, snapshot.user, 'snapshot.user');
  const model = options.model ?? 'lognormal';
  const historical = model === 'historical' || model === 'bootstrap';
  const rows = options.historicalReturns;
  if (historical && !rows) {
    throw InputError.field('options.historicalReturns', `required by the ${model} model`);
  }
  const currentAge =
    profile.currentAge ?? Math.max(0, ASSUMED_RETIREMENT_AGE - profile.yearsUntilRetirement);
  const planned = profileHorizon(profile, options);
  if (!planned.ok) throw new InputError([planned.issue]);
  const { retirementYears, longevity } = planned.horizon;
  const years = profile.yearsUntilRetirement + retirementYears;
  if (model === 'historical' && rows && years > rows.length) {
    throw InputError.field(
      'options.historicalReturns',
      `${rows.length} years of data cannot cover ${years} years of saving and retirement`,
    );
  }
  const { allocation, notes } = allocationOf(snapshot, historical);
  const inflationPct = historical ? null : (options.inflationPct ?? DEFAULT_INFLATION_PCT);
  // Fees and the cash rate as the portfolio analytics measured them: the simulation, the
  // expected return and the report then use the same figures.
  const annualFeeRate = (snapshot.analytics.fees?.weightedExpenseRatioPct ?? 0) / 100;
  const cashInterestRate = snapshot.analytics.cashDrag.weightedCashInterestPct / 100;
  const simulation: SimulationOptions = {
    seed: options.seed ?? seedFromUserId(profile.id),
    simulations: options.simulations ?? DEFAULT_SIMULATIONS,
    model,
    allocation,
    assumptions: DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
    currentAgeYears: currentAge,
    yearsToRetirement: profile.yearsUntilRetirement,
    retirementYears,
    balanceUsd: centsToUsd(snapshot.analytics.total.valueCents),
    annualContributionUsd: profile.annualContributionUsd,
    spending: { kind: 'amount', annualUsd: profile.targetRetirementIncomeUsd },
    inflationAdjusted: true,
    inflationRate: (inflationPct ?? 0) / 100,
    cashInterestRate,
    annualFeeRate,
    strategy: 'constant-dollar',
    withdrawalTiming: 'start',
    targetSuccess: DEFAULT_TARGET_SUCCESS,
    ...(rows ? { historicalReturns: rows } : {}),
  };
  if (longevity) simulation.longevity = longevity;
  // The profile's income and expenses. A spouse's stream needs the spouse's age; the profile
  // schema requires a spouse's birth year with one, so a stream without it is left out and said.
  const usable = profile.incomeStreams.filter(
    (stream) => stream.person === 'self' || profile.spouseAge !== null,
  );
  if (usable.length > 0) {
    simulation.cashFlows = cashFlowsFromIncomeStreams(usable, {
      self: currentAge,
      spouse: profile.spouseAge,
    });
  }
  if (usable.length < profile.incomeStreams.length) {
    notes.push("a spouse's stream was left out: the profile has no spouse's age");
  }
  const taxes = taxesOf(snapshot, profile);
  if (taxes.options) simulation.taxes = taxes.options;
  const moments = historical
    ? null
    : portfolioMoments(allocation, DEFAULT_CAPITAL_MARKET_ASSUMPTIONS, {
        cashInterestRate,
        annualFeeRate,
        inflationMean: simulation.inflationRate,
      });
  const first = rows?.[0]?.year;
  const last = rows?.at(-1)?.year;
  return {
    simulation,
    seedSource: options.seed === undefined ? 'derived from the user id' : 'given',
    currentAge,
    ageSource: profile.currentAge === null ? 'assumed' : 'profile',
    retirementAge: currentAge + profile.yearsUntilRetirement,
    endAge: currentAge + years,
    horizonSource: horizonSourceOf(longevity?.horizonRule ?? null, options),
    allocationNotes: notes,
    excluded: snapshot.analytics.unpriced,
    returnSource: historical
      ? `US annual returns ${first}-${last} supplied by the caller (S&P 500, 10-year Treasury, T-bills, CPI)`
      : DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.source,
    expectedReturnPct: moments ? roundPct(moments.expectedReturn) : null,
    volatilityPct: moments ? roundPct(moments.volatility) : null,
    inflationPct,
    historicalYears: first !== undefined && last !== undefined ? { first, last } : null,
    taxesLeftOut: taxes.leftOut,
  };
}

/** Where the plan's end came from; in the agent a plan-to age can only be the profile's. */
function horizonSourceOf(rule: HorizonRule | null, options: RetirementOptions): HorizonSource {
  if (rule === 'plan-to-age') return 'profile-plan-to-age';
  if (rule === 'life-table') return 'life-table';
  return options.retirementYears === undefined ? 'fixed-without-age' : 'run-retirement-years';
}

/**
 * The accounts' balances by tax treatment (their account_type) and the profile's tax plan, as
 * the engine's tax options (the same builder as alex simulate and the API). RMDs need an age:
 * with tax-deferred money and only an assumed age, taxes are left out and the payload says so.
 */
function taxesOf(
  snapshot: PortfolioSnapshot,
  profile: RetirementProfile,
): { options: TaxOptions | null; leftOut: string | null } {
  const centsOf = (type: string) =>
    snapshot.analytics.accountTypes.find((slice) => slice.key === type)?.valueCents ?? 0;
  const taxDeferredCents = centsOf('tax_deferred');
  if (centsOf('taxable') + taxDeferredCents + centsOf('tax_free') <= 0) {
    return { options: null, leftOut: 'no account holds a priced value' };
  }
  if (taxDeferredCents > 0 && profile.currentAge === null) {
    return {
      options: null,
      leftOut:
        'the profile has no birth year, which the required distributions of its tax-deferred accounts need',
    };
  }
  const currentYear = Number(snapshot.createdAt.slice(0, 4));
  const plan = profile.taxPlan;
  return {
    options: taxOptionsFrom({
      taxableUsd: centsToUsd(centsOf('taxable')),
      taxDeferredUsd: centsToUsd(taxDeferredCents),
      taxFreeUsd: centsToUsd(centsOf('tax_free')),
      order: plan.withdrawal_order,
      taxDeferredRate: plan.tax_deferred_rate,
      filingStatus: plan.filing_status,
      firstYearSpendingUsd: profile.targetRetirementIncomeUsd,
      birthYear: profile.currentAge === null ? null : currentYear - profile.currentAge,
    }),
    leftOut: null,
  };
}

/**
 * FNV-1a (32-bit) of the user id: the same user gets the same paths on every run, so a change
 * in the results comes from a change in the inputs, not from sampling noise.
 */
export function seedFromUserId(userId: string): number {
  let hash = 0x811c9dc5;
  for (const character of userId) {
    hash ^= character.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const roundPct = (fraction: number) => Math.round(fraction * 10_000) / 100;

/**
 * The engine's mix from the snapshot's asset-class allocation (cash included, unpriced
 * positions already left out by the analytics). Classes the engine has no returns for are
 * modelled as equity, as the portfolio analytics do for its expected return: alternatives
 * (private equity, hedge funds, crypto) behave more like equity than like bonds, and an
 * unclassified holding is most often a stock. The historical data has no real-estate or
 * commodity series, so those are equity there too (the parametric model already uses equity's
 * figures for them). An empty portfolio uses the user's target mix, when there is one.
 */
function allocationOf(
  snapshot: PortfolioSnapshot,
  historical: boolean,
): { allocation: Partial<Record<SimulatedAssetClass, number>>; notes: string[] } {
  let weights: Array<[string, number]> = snapshot.analytics.allocation.assetClass.map((slice) => [
    slice.key,
    slice.valueCents,
  ]);
  const notes: string[] = [];
  if (!weights.some(([, weight]) => weight > 0)) {
    weights = Object.entries(snapshot.portfolio.targets?.assetClass ?? {});
    if (!weights.some(([, weight]) => weight > 0)) {
      throw InputError.field(
        'snapshot.analytics.total',
        'the portfolio has no priced value and no target allocation, so there is no mix to simulate',
      );
    }
    notes.push('the portfolio has no priced value yet, so the target allocation is simulated');
  }
  const unclassifiedUsd = snapshot.analytics.unclassified?.assetClass.valueUsd ?? 0;
  if (unclassifiedUsd > 0) {
    notes.push(
      'unclassified holdings are in the balance but simulated with the mix of the classified ones',
    );
  }
  const total = weights.reduce((sum, [, weight]) => sum + Math.max(0, weight), 0);
  const allocation: Partial<Record<SimulatedAssetClass, number>> = {};
  for (const [key, weight] of weights) {
    if (weight <= 0) continue;
    const mapped = engineClassOf(key, historical);
    if (mapped !== key) {
      notes.push(`${key.replaceAll('_', ' ')} modelled as equity (${mappingReason(key)})`);
    }
    allocation[mapped] = (allocation[mapped] ?? 0) + weight / total;
  }
  return { allocation, notes };
}

function engineClassOf(key: string, historical: boolean): SimulatedAssetClass {
  switch (key) {
    case 'fixed_income':
    case 'cash':
      return key;
    case 'real_estate':
    case 'commodities':
      return historical ? 'equity' : key;
    default:
      return 'equity';
  }
}

function mappingReason(key: string): string {
  if (key === 'real_estate' || key === 'commodities') {
    return 'the historical data has no series for it';
  }
  if (key === 'alternatives') return 'no return series for alternatives; closest in risk';
  return 'not classified; treated like the typical stock holding';
}
