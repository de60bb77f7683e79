import type { CashFlowStream, SimulationOptions } from './types.ts';

// Income and expenses over time beside the portfolio: Social Security, pensions and annuities,
// part-time work, one-off windfalls and expenses, recurring expenses that end. The engine sees
// them as one signed amount per year (income positive, expenses negative), precomputed here
// once per run: the inflation-indexed part in today's dollars, the fixed-nominal part in
// nominal dollars, which each path deflates by its own simulated price level. The streams'
// type, CashFlowStream, is in types.ts beside the options that carry them.

/** Signed yearly amounts by year from today (0 = the coming year). */
export interface CashFlowSchedule {
  /** Inflation-indexed flows, in today's dollars. */
  real: Float64Array;
  /** Fixed-nominal flows, in the nominal dollars of the year they are paid. */
  nominal: Float64Array;
  hasNominal: boolean;
}

/** Whether the user is of age `age` in simulated year `year` while the stream pays. */
function pays(stream: CashFlowStream, age: number): boolean {
  if (age < stream.startAge) return false;
  return stream.years === null || age < stream.startAge + stream.years;
}

/**
 * The schedule of the plan's streams over `years` simulated years, or null when there are
 * none (the engine then runs exactly as without them). Year y is lived at age currentAge + y.
 */
export function cashFlowSchedule(
  options: Pick<SimulationOptions, 'cashFlows' | 'currentAgeYears'>,
  years: number,
): CashFlowSchedule | null {
  const streams = options.cashFlows ?? [];
  if (streams.length === 0) return null;
  const currentAge = options.currentAgeYears;
  if (currentAge === undefined) throw new RangeError('cash flows need currentAgeYears');
  const real = new Float64Array(years);
  const nominal = new Float64Array(years);
  let hasNominal = false;
  for (const stream of streams) {
    const signed = stream.kind === 'expense' ? -stream.annualUsd : stream.annualUsd;
    if (!stream.inflationIndexed) hasNominal = true;
    const target = stream.inflationIndexed ? real : nominal;
    for (let year = 0; year < years; year++) {
      if (pays(stream, currentAge + year)) target[year] = target[year]! + signed;
    }
  }
  return { real, nominal, hasNominal };
}

/** Whether any stream is fixed in nominal dollars (the engine then needs each year's inflation). */
export const hasNominalCashFlows = (options: Pick<SimulationOptions, 'cashFlows'>) =>
  (options.cashFlows ?? []).some((stream) => !stream.inflationIndexed);

/**
 * The real value (today's dollars) of year `year`'s flows when paid at price level `price`
 * (the path's cumulative inflation from today to the payment day). Without nominal flows the
 * engine may not draw inflation at all, so the price is not read.
 */
export const realCashFlow = (schedule: CashFlowSchedule, year: number, price: number) =>
  schedule.hasNominal
    ? schedule.real[year]! + schedule.nominal[year]! / price
    : schedule.real[year]!;

/** Programming errors only: the CLI and the API validate user input before this. */
export function checkCashFlows(
  options: Pick<SimulationOptions, 'cashFlows' | 'currentAgeYears' | 'strategy'>,
): void {
  const streams = options.cashFlows ?? [];
  if (streams.length === 0) return;
  if (options.currentAgeYears === undefined) {
    throw new RangeError('cash flows start at an age: currentAgeYears is required');
  }
  // A variable strategy sets the portfolio's withdrawal itself; how outside income should move
  // it is a modelling choice not made yet.
  if (options.strategy !== 'constant-dollar') {
    throw new RangeError('cash flows are modelled with constant-dollar spending only');
  }
  for (const stream of streams) {
    const whole = (value: number) => Number.isInteger(value) && value >= 0;
    if (!whole(stream.startAge)) throw new RangeError('startAge must be a whole number >= 0');
    if (stream.years !== null && !(whole(stream.years) && stream.years >= 1)) {
      throw new RangeError('years must be a whole number >= 1, or null');
    }
    if (!(Number.isFinite(stream.annualUsd) && stream.annualUsd >= 0)) {
      throw new RangeError('annualUsd must be a finite amount >= 0');
    }
  }
}
