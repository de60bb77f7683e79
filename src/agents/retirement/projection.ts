import {
  benefitAtClaimingAge,
  computeLevers,
  DEFAULT_LEVER_SIZES,
  PERCENTILE_KEYS,
  simulateRetirement,
  LATEST_CLAIMING_AGE,
  Z_95,
  type LeverName,
  type Percentiles,
  type SimulationOptions,
  type SimulationResult,
  type UnpricedPosition,
} from '../../core/index.ts';

/** Where the end of a plan came from. */
export type HorizonSource =
  'profile-plan-to-age' | 'life-table' | 'run-retirement-years' | 'fixed-without-age';

/** The engine options built from a snapshot, and where each input came from. */
export interface RetirementPlan {
  simulation: SimulationOptions;
  seedSource: 'given' | 'derived from the user id';
  currentAge: number;
  ageSource: 'profile' | 'assumed';
  retirementAge: number;
  endAge: number;
  /**
   * Where the end of the plan came from: the profile's plan_to_age, the life table's 10% age
   * (the default), a length given for this run, or 30 years without an age to read the table.
   */
  horizonSource: HorizonSource;
  /** How the snapshot's asset classes were mapped onto the engine's (no numbers). */
  allocationNotes: string[];
  /** Positions the snapshot could not price; their value is not in the balance. */
  excluded: UnpricedPosition[];
  returnSource: string;
  /**
   * Expected real (after-inflation) arithmetic return and volatility of the mix after fees
   * (percent); parametric models only.
   */
  expectedReturnPct: number | null;
  volatilityPct: number | null;
  /** Null when the model uses the historical CPI. */
  inflationPct: number | null;
  historicalYears: { first: number; last: number } | null;
  /** Why the accounts' tax treatment is not in the simulation, when it is not. */
  taxesLeftOut: string | null;
}

/** One what-if lever as the payload and the narrative quote it. */
export interface LeverOutcome {
  lever: LeverName;
  change: string;
  /** Percent (0-100), two decimals. */
  successPct: number;
  /** Percentage points gained (negative: lost) against the plan as it is. */
  changePoints: number;
  /** The spending or the yearly saving the lever leads to, when it changes one. */
  newAmountUsd: number | null;
}

export interface SeriesRow extends Percentiles {
  yearOffset: number;
  age: number;
  year: number;
  phase: 'accumulation' | 'retirement';
}

/**
 * The engine's results rounded as they are published (cents, percentages to two decimals),
 * plus the few numbers derived from them. The payload, the prompt, the offline writer and the
 * figure check all read this one object, so they quote the same numbers.
 */
export interface Projection {
  plan: RetirementPlan;
  result: SimulationResult;
  successPct: number;
  /**
   * Sampling uncertainty of `successPct` in percentage points (two decimals): the binomial
   * standard error, 1.96 of them (the "±" in text), and the 95% Wilson interval in percent; null
   * for historical windows, which overlap.
   */
  successUncertainty: {
    standardErrorPoints: number;
    marginPoints: number;
    interval95Pct: { low: number; high: number };
  } | null;
  /** Real spending paid (today's dollars, cents), from the engine's income metrics. */
  income: {
    floorPct: number;
    /** The lowest year's spending along a path: 10th percentile and median across paths. */
    minimumP10Usd: number;
    minimumP50Usd: number;
    /** Share of paths with any year below the floor, percent. */
    pathsBelowFloorPct: number;
  };
  atRetirement: Percentiles;
  meanAtRetirementUsd: number;
  atEnd: Percentiles;
  sustainableSpendingUsd: number;
  /** First-year withdrawal as a percentage of the balance at retirement, at 90% success. */
  sustainableRatePct: number;
  /** Balance at retirement at which the target spending is the sustainable rate; null without spending. */
  capitalNeededUsd: number | null;
  depletion: {
    pathsDepleted: number;
    depletedPct: number;
    /** Age by which half of the depleted paths had run out; null when none ran out. */
    medianAge: number | null;
    earliestAge: number | null;
    histogram: Array<{ age: number; retirementYear: number; count: number }>;
  };
  /** In the order the engine computes them; see `strongestLever`. */
  levers: LeverOutcome[];
  series: SeriesRow[];
}

const roundCents = (usd: number) => Math.round(usd * 100) / 100;
const roundPct = (fraction: number) => Math.round(fraction * 10_000) / 100;

function roundPercentiles(percentiles: Percentiles): Percentiles {
  const rounded = {} as Percentiles;
  for (const key of PERCENTILE_KEYS) rounded[key] = roundCents(percentiles[key]);
  return rounded;
}

/** Runs the plan and its levers (on the same seed) and rounds the results for publishing. */
export function projectRetirement(plan: RetirementPlan, startYear: number): Projection {
  const options = plan.simulation;
  const result = simulateRetirement(options);
  const spendingUsd = options.spending.kind === 'amount' ? options.spending.annualUsd : 0;
  // With no target spending there is nothing to cut, so "spend less" would change nothing.
  const levers = computeLevers(options, result.successProbability, DEFAULT_LEVER_SIZES)
    .filter((lever) => spendingUsd > 0 || lever.lever !== 'spend_less')
    .map((lever): LeverOutcome => ({
      lever: lever.lever,
      change: lever.change,
      successPct: roundPct(lever.successProbability),
      changePoints: roundPct(lever.successChange),
      newAmountUsd: newAmountOf(lever.lever, plan, spendingUsd),
    }));
  const rate = result.sustainable.withdrawalRate;
  const histogram = result.depletionHistogram.map((bucket) => ({
    age: bucket.age ?? plan.retirementAge + bucket.retirementYear,
    retirementYear: bucket.retirementYear,
    count: bucket.count,
  }));
  const pathsDepleted = histogram.reduce((sum, bucket) => sum + bucket.count, 0);
  return {
    plan,
    result,
    successPct: roundPct(result.successProbability),
    successUncertainty:
      result.successStandardError === null || !result.successInterval95
        ? null
        : {
            standardErrorPoints: roundPct(result.successStandardError),
            marginPoints: roundPct(result.successStandardError * Z_95),
            interval95Pct: {
              low: roundPct(result.successInterval95.low),
              high: roundPct(result.successInterval95.high),
            },
          },
    income: {
      floorPct: roundPct(result.income.floorFraction),
      minimumP10Usd: roundCents(result.income.minimum.p10),
      minimumP50Usd: roundCents(result.income.minimum.p50),
      pathsBelowFloorPct: roundPct(result.income.yearsBelowFloor.shareOfPathsWithAny),
    },
    atRetirement: roundPercentiles(result.percentilesAtRetirement),
    meanAtRetirementUsd: roundCents(result.meanAtRetirement),
    atEnd: roundPercentiles(result.percentilesAtEnd),
    sustainableSpendingUsd: roundCents(result.sustainable.spendingUsd),
    sustainableRatePct: Number.isFinite(rate) ? roundPct(rate) : 0,
    // With income streams the balance needed is not spending over a rate (the streams do not
    // scale with the balance), so it is not quoted.
    capitalNeededUsd:
      spendingUsd > 0 && rate > 0 && Number.isFinite(rate) && !options.cashFlows?.length
        ? roundCents(spendingUsd / rate)
        : null,
    depletion: {
      pathsDepleted,
      depletedPct: result.paths > 0 ? roundPct(pathsDepleted / result.paths) : 0,
      medianAge: medianAgeOf(histogram, pathsDepleted),
      earliestAge: histogram[0]?.age ?? null,
      histogram,
    },
    levers,
    series: result.series.map((point) => ({
      ...roundPercentiles(point),
      yearOffset: point.yearOffset,
      age: point.age ?? plan.currentAge + point.yearOffset,
      year: startYear + point.yearOffset,
      phase: point.phase,
    })),
  };
}

/** The lever that raises the success probability most; null when none raises it. */
export function strongestLever(projection: Projection): LeverOutcome | null {
  let best: LeverOutcome | null = null;
  for (const lever of projection.levers) {
    if (lever.changePoints > 0 && (!best || lever.changePoints > best.changePoints)) best = lever;
  }
  return best;
}

function newAmountOf(lever: LeverName, plan: RetirementPlan, spendingUsd: number): number | null {
  const sizes = DEFAULT_LEVER_SIZES;
  if (lever === 'save_more') {
    return roundCents(plan.simulation.annualContributionUsd + sizes.extraContributionUsd);
  }
  if (lever === 'spend_less') return roundCents(spendingUsd * (1 - sizes.spendingCutFraction));
  if (lever === 'claim_social_security_later') {
    // The yearly benefit at 70 (the same rule computeLevers applies).
    const own = plan.simulation.cashFlows?.find(
      (stream) => stream.kind === 'social_security' && stream.person === 'self',
    );
    if (own?.claimingAge === undefined) return null;
    return roundCents(benefitAtClaimingAge(own.annualUsd, own.claimingAge, LATEST_CLAIMING_AGE));
  }
  return null;
}

function medianAgeOf(
  histogram: Projection['depletion']['histogram'],
  pathsDepleted: number,
): number | null {
  let seen = 0;
  for (const bucket of histogram) {
    seen += bucket.count;
    if (seen * 2 >= pathsDepleted) return bucket.age;
  }
  return null;
}
