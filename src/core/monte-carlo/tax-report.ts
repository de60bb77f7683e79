import type { TaxesJson } from '../../contracts/simulation.ts';
import { RMD_AGE_SOURCE } from '../tax/required-distributions.ts';
import { UNIFORM_LIFETIME_TABLE_SOURCE } from '../tax/uniform-lifetime-table.ts';
import type {
  IncomePercentiles,
  Percentiles,
  SimulationOptions,
  SimulationResult,
} from './types.ts';

// The tax model in the simulation's JSON and text: the split, the order, the rate and its source,
// what it did across paths, and what it leaves out.

/** What the tax model does not model; shown with every taxed run. */
export const TAXES_NOT_MODELLED = [
  'state and local income tax',
  'capital gains and cost basis: taxable withdrawals are taken as untaxed',
  'Roth conversions',
  'taxation of Social Security benefits, pensions and other income streams (taken as after-tax)',
  'progressive brackets year by year: one flat rate on tax-deferred withdrawals',
  'Medicare premium surcharges (IRMAA)',
  'the early-withdrawal penalty before age 59½',
  'asset location: every bucket earns the same return',
  "a spouse's accounts and RMDs (one owner's ages)",
] as const;

const ORDER_WORDS = {
  taxable_first: 'taxable first, then tax-deferred, then tax-free',
  proportional: 'the same share of every bucket each year',
} as const;

const roundCents = (usd: number) => Math.round(usd * 100) / 100;
const spread = ({ p10, p50, p90 }: IncomePercentiles) => ({
  p10: roundCents(p10),
  p50: roundCents(p50),
  p90: roundCents(p90),
});
const withMean = (values: IncomePercentiles & { mean: number }) => ({
  ...spread(values),
  mean: roundCents(values.mean),
});

/** The `taxes` field of the simulation JSON: null when the run had no taxes. */
export function taxesJson(options: SimulationOptions, result: SimulationResult): TaxesJson | null {
  const taxes = options.taxes;
  const outcome = result.taxes;
  if (!taxes || !outcome) return null;
  const { shares } = taxes;
  const balance = options.balanceUsd;
  return {
    amounts: "today's dollars",
    spending_basis: 'after tax: success means the after-tax spending was paid in full',
    balances_usd: {
      taxable: roundCents(shares.taxable * balance),
      tax_deferred: roundCents(shares.taxDeferred * balance),
      tax_free: roundCents(shares.taxFree * balance),
    },
    withdrawal_order: taxes.order,
    withdrawal_order_description: ORDER_WORDS[taxes.order],
    tax_deferred_rate: taxes.taxDeferredRate,
    tax_deferred_rate_source: taxes.rateSource,
    rmd_start_age: taxes.rmdStartAge,
    rmd_sources: [RMD_AGE_SOURCE, UNIFORM_LIFETIME_TABLE_SOURCE],
    at_end: {
      taxable: spread(outcome.atEnd.taxable),
      tax_deferred: spread(outcome.atEnd.taxDeferred),
      tax_free: spread(outcome.atEnd.taxFree),
    },
    tax_paid: withMean(outcome.taxPaid),
    required_distributions: withMean(outcome.requiredDistributions),
    not_modelled: [...TAXES_NOT_MODELLED],
  };
}

const usd = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;
const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const median = (percentiles: Percentiles) => usd(percentiles.p50);

/** The text lines: empty without taxes. */
export function taxLines(options: SimulationOptions, result: SimulationResult): string[] {
  const taxes = options.taxes;
  const outcome = result.taxes;
  if (!taxes || !outcome) return [];
  const { shares } = taxes;
  const balance = options.balanceUsd;
  return [
    `Taxes: spending is after tax (success means it was paid in full). Balance today: taxable ` +
      `${usd(shares.taxable * balance)}, tax-deferred ${usd(shares.taxDeferred * balance)}, ` +
      `tax-free ${usd(shares.taxFree * balance)}; withdrawals ${ORDER_WORDS[taxes.order]}`,
    `  Tax-deferred withdrawals taxed at ${pct(taxes.taxDeferredRate)} (${taxes.rateSource}); ` +
      (taxes.rmdStartAge === null
        ? 'no RMDs (no tax-deferred money)'
        : `RMDs from age ${taxes.rmdStartAge} (Uniform Lifetime Table, 2022)`),
    `  Over retirement (median path): tax paid ${usd(outcome.taxPaid.p50)}, RMDs ` +
      `${usd(outcome.requiredDistributions.p50)}; at the end taxable ${median(outcome.atEnd.taxable)}, ` +
      `tax-deferred ${median(outcome.atEnd.taxDeferred)}, tax-free ${median(outcome.atEnd.taxFree)}`,
    `  Not modelled: ${TAXES_NOT_MODELLED.join('; ')}`,
  ];
}
