import {
  compareFigures,
  extractFigures,
  PLAN_TO_SURVIVAL_PROBABILITY,
  type AllowedFact,
  type FigureMismatch,
  type SimulatedAssetClass,
} from '../../core/index.ts';
import type { HorizonSource, Projection } from './projection.ts';

/** A number the narrative may quote, with what it is. */
export interface EngineFact {
  label: string;
  value: number;
  /**
   * `usd`, `pct` and `points` (percentage points, quoted as percentages) are figures the check
   * extracts; the rest give the model context.
   */
  unit: 'usd' | 'pct' | 'points' | 'count' | 'years' | 'age';
}

// Readiness bands by success probability (percent). 90% is the level at which sustainable
// spending is quoted and a common planning target; below 50% the plan fails more often than it
// succeeds. The bands are rules of this agent, so the narrative may quote them.
export const READINESS_BANDS = [
  { minPct: 90, verdict: 'on track' },
  { minPct: 75, verdict: 'close, with a thin margin' },
  { minPct: 50, verdict: 'at risk' },
  { minPct: 0, verdict: 'not on track' },
] as const;

export function readinessVerdict(successPct: number): string {
  return READINESS_BANDS.find((band) => successPct >= band.minPct)?.verdict ?? 'not on track';
}

/**
 * Years of the series listed for the model: every tenth age, retirement and the end (the
 * payload keeps every year; the narrative needs a few landmarks, and each line costs tokens).
 */
const MILESTONE_AGE_STEP = 10;

/**
 * Every number the narrative may quote: the plan's inputs, the engine's results, the levers
 * and the readiness bands. The prompt lists exactly these, and the figure check allows exactly
 * these, so the model can quote anything it was shown and nothing else.
 */
export function engineFacts(projection: Projection): EngineFact[] {
  const { plan } = projection;
  const options = plan.simulation;
  const spendingUsd = options.spending.kind === 'amount' ? options.spending.annualUsd : 0;
  const facts: EngineFact[] = [
    {
      label: "today's balance (priced positions and cash)",
      value: options.balanceUsd,
      unit: 'usd',
    },
    { label: 'yearly contribution', value: options.annualContributionUsd, unit: 'usd' },
    { label: 'target retirement spending a year', value: spendingUsd, unit: 'usd' },
    { label: 'current age', value: plan.currentAge, unit: 'age' },
    { label: 'retirement age', value: plan.retirementAge, unit: 'age' },
    { label: 'age at the end of the plan', value: plan.endAge, unit: 'age' },
    { label: 'years until retirement', value: options.yearsToRetirement, unit: 'years' },
    { label: 'years of retirement', value: options.retirementYears, unit: 'years' },
    ...allocationFacts(options.allocation),
    ...cashFlowFacts(projection),
    ...taxFacts(projection),
    { label: 'simulated paths', value: projection.result.paths, unit: 'count' },
    { label: 'success probability', value: projection.successPct, unit: 'pct' },
    ...uncertaintyFacts(projection),
    ...incomeFacts(projection),
    {
      label: 'share of paths that ran out of money',
      value: projection.depletion.depletedPct,
      unit: 'pct',
    },
    ...percentileFacts('balance at retirement', projection.atRetirement),
    { label: 'mean balance at retirement', value: projection.meanAtRetirementUsd, unit: 'usd' },
    ...percentileFacts('balance at the end of the plan', projection.atEnd),
    { label: 'success level for sustainable spending', value: 90, unit: 'pct' },
    {
      label:
        "sustainable spending a year at 90% success (a fixed amount in today's dollars that " +
        'lasted in 90% of paths; the same measure as the success probability)',
      value: projection.sustainableSpendingUsd,
      unit: 'usd',
    },
    {
      label:
        "sustainable first-year withdrawal rate at 90% success (a share of each path's own " +
        'balance at retirement that lasted in 90% of paths; a different measure from the ' +
        'sustainable spending, never quote the two as one figure)',
      value: projection.sustainableRatePct,
      unit: 'pct',
    },
    ...readinessBandFacts(),
  ];
  if (plan.inflationPct !== null) {
    facts.push({
      label: 'inflation a year',
      value: Math.round(plan.inflationPct * 100) / 100,
      unit: 'pct',
    });
  }
  if (plan.expectedReturnPct !== null && plan.volatilityPct !== null) {
    facts.push(
      {
        label: 'expected return of the mix a year (arithmetic)',
        value: plan.expectedReturnPct,
        unit: 'pct',
      },
      { label: 'volatility of the mix a year', value: plan.volatilityPct, unit: 'pct' },
    );
  }
  if (projection.capitalNeededUsd !== null) {
    facts.push({
      label:
        'balance at retirement at which the target spending is the 90%-success first-year ' +
        'withdrawal rate (a rate measure: do not compare it with balance percentiles)',
      value: projection.capitalNeededUsd,
      unit: 'usd',
    });
  }
  const { medianAge, earliestAge } = projection.depletion;
  if (medianAge !== null)
    facts.push({
      label: 'median age at which depleted paths ran out',
      value: medianAge,
      unit: 'age',
    });
  if (earliestAge !== null)
    facts.push({ label: 'earliest age at which a path ran out', value: earliestAge, unit: 'age' });
  facts.push(...longevityFacts(projection));
  facts.push(...leverFacts(projection), ...milestoneFacts(projection));
  return facts;
}

/**
 * Where the end of the plan came from, for the model to state (the profile's or the default).
 * No ': ' inside: groupedFactLines reads the text before one as a label prefix.
 */
const PLAN_END_WORDS: Record<HorizonSource, string> = {
  'profile-plan-to-age': "the age set in the user's profile, plan_to_age",
  'life-table':
    "the default while the profile sets no plan_to_age, the oldest age reached with 10% probability under SSA's period life table",
  'run-retirement-years': 'from the years of retirement given for this run',
  'fixed-without-age': '30 years, with no age to read the life table from',
};

/** The life-table view (issue 16), rounded as the payload prints it. */
function longevityFacts(projection: Projection): EngineFact[] {
  const longevity = projection.result.longevity;
  if (!longevity) return [];
  const pct = (fraction: number) => Math.round(fraction * 10_000) / 100;
  const facts: EngineFact[] = [
    {
      label: 'survival probability whose age sets the default end of the plan',
      value: PLAN_TO_SURVIVAL_PROBABILITY * 100,
      unit: 'pct',
    },
    {
      label: `age the plan runs to (${PLAN_END_WORDS[projection.plan.horizonSource]})`,
      value: longevity.planToAge,
      unit: 'age',
    },
    {
      label: 'chance of being alive at the end of the plan (of outliving it)',
      value: pct(longevity.survivalToPlanEnd),
      unit: 'pct',
    },
    {
      label: 'period life expectancy today, more years',
      value: Math.round(longevity.lifeExpectancyYears * 10) / 10,
      unit: 'years',
    },
    {
      label:
        'chance of running out of money while alive, within the plan (each failed path weighted ' +
        'by the chance of being alive when it ran out; a different measure from the failure rate)',
      value: pct(longevity.ruinWhileAlive),
      unit: 'pct',
    },
  ];
  if (longevity.ruinWhileAliveStandardError !== null) {
    facts.push({
      label: 'standard error of the chance of running out while alive, percentage points',
      value: pct(longevity.ruinWhileAliveStandardError),
      unit: 'points',
    });
  }
  return facts;
}

/** Each income or expense stream: its yearly amount and the age it starts (user's age). */
function cashFlowFacts(projection: Projection): EngineFact[] {
  return (projection.plan.simulation.cashFlows ?? []).flatMap((stream): EngineFact[] => {
    const what = `${stream.kind.replaceAll('_', ' ')}${stream.person === 'spouse' ? ' (spouse)' : ''}`;
    const value = stream.inflationIndexed
      ? "today's dollars, inflation-indexed"
      : 'fixed nominal dollars, losing value with inflation';
    const facts: EngineFact[] = [
      { label: `${what}: yearly amount (${value})`, value: stream.annualUsd, unit: 'usd' },
      { label: `${what}: starts at the user's age`, value: stream.startAge, unit: 'age' },
    ];
    if (stream.claimingAge !== undefined) {
      facts.push({ label: `${what}: claiming age`, value: stream.claimingAge, unit: 'age' });
    }
    if (stream.years !== null) {
      facts.push({ label: `${what}: years paid`, value: stream.years, unit: 'years' });
    }
    return facts;
  });
}

/** The tax model's inputs and what it did (tax-report.ts gives the same figures to the payload). */
function taxFacts(projection: Projection): EngineFact[] {
  const options = projection.plan.simulation;
  const taxes = options.taxes;
  const outcome = projection.result.taxes;
  if (!taxes || !outcome) return [];
  const balance = options.balanceUsd;
  const facts: EngineFact[] = [
    {
      label: "today's balance in taxable accounts",
      value: taxes.shares.taxable * balance,
      unit: 'usd',
    },
    {
      label: "today's balance in tax-deferred accounts",
      value: taxes.shares.taxDeferred * balance,
      unit: 'usd',
    },
    {
      label: "today's balance in tax-free accounts",
      value: taxes.shares.taxFree * balance,
      unit: 'usd',
    },
    {
      label: 'flat federal rate on tax-deferred withdrawals',
      value: Math.round(taxes.taxDeferredRate * 10_000) / 100,
      unit: 'pct',
    },
    {
      label: 'median tax paid over retirement (undiscounted, today’s dollars)',
      value: outcome.taxPaid.p50,
      unit: 'usd',
    },
  ];
  if (taxes.rmdStartAge !== null) {
    facts.push({
      label: 'age required minimum distributions start',
      value: taxes.rmdStartAge,
      unit: 'age',
    });
  }
  return facts;
}

function uncertaintyFacts(projection: Projection): EngineFact[] {
  const uncertainty = projection.successUncertainty;
  if (!uncertainty) return [];
  return [
    { label: 'confidence level of the margin and interval', value: 95, unit: 'pct' },
    {
      label: 'success probability: standard error (binomial)',
      value: uncertainty.standardErrorPoints,
      unit: 'points',
    },
    {
      label: 'success probability: ± margin at 95% (1.96 standard errors)',
      value: uncertainty.marginPoints,
      unit: 'points',
    },
    {
      label: 'success probability: 95% interval, low',
      value: uncertainty.interval95Pct.low,
      unit: 'pct',
    },
    {
      label: 'success probability: 95% interval, high',
      value: uncertainty.interval95Pct.high,
      unit: 'pct',
    },
  ];
}

function incomeFacts(projection: Projection): EngineFact[] {
  const { income } = projection;
  return [
    {
      label: "spending floor, share of the first year's spending",
      value: income.floorPct,
      unit: 'pct',
    },
    {
      label: "lowest year's real spending along a path, 10th percentile",
      value: income.minimumP10Usd,
      unit: 'usd',
    },
    {
      label: "lowest year's real spending along a path, median",
      value: income.minimumP50Usd,
      unit: 'usd',
    },
    {
      label: 'share of paths with a year of spending below the floor',
      value: income.pathsBelowFloorPct,
      unit: 'pct',
    },
  ];
}

function allocationFacts(allocation: Partial<Record<SimulatedAssetClass, number>>): EngineFact[] {
  return Object.entries(allocation).map(([key, fraction]) => ({
    label: `allocation: ${key.replaceAll('_', ' ')}`,
    value: Math.round((fraction ?? 0) * 10_000) / 100,
    unit: 'pct' as const,
  }));
}

function percentileFacts(what: string, percentiles: Projection['atRetirement']): EngineFact[] {
  return [
    { label: `${what}, 10th percentile`, value: percentiles.p10, unit: 'usd' },
    { label: `${what}, 25th percentile`, value: percentiles.p25, unit: 'usd' },
    { label: `${what}, median`, value: percentiles.p50, unit: 'usd' },
    { label: `${what}, 75th percentile`, value: percentiles.p75, unit: 'usd' },
    { label: `${what}, 90th percentile`, value: percentiles.p90, unit: 'usd' },
  ];
}

function readinessBandFacts(): EngineFact[] {
  return READINESS_BANDS.filter((band) => band.minPct > 0).map((band) => ({
    label: `readiness band: ${band.verdict} from`,
    value: band.minPct,
    unit: 'pct' as const,
  }));
}

function leverFacts(projection: Projection): EngineFact[] {
  return projection.levers.flatMap((lever) => {
    const facts: EngineFact[] = [
      {
        label: `lever '${lever.change}': success probability`,
        value: lever.successPct,
        unit: 'pct',
      },
      {
        label: `lever '${lever.change}': change in success probability`,
        value: lever.changePoints,
        unit: 'points',
      },
    ];
    if (lever.newAmountUsd !== null) {
      facts.push({
        label: `lever '${lever.change}': new yearly amount`,
        value: lever.newAmountUsd,
        unit: 'usd',
      });
    }
    // The sizes written in the change itself ("$5,000", "10%", "20 percentage points").
    for (const figure of extractFigures(lever.change)) {
      facts.push({
        label: `lever '${lever.change}': size`,
        value: figure.value,
        unit: figure.kind,
      });
    }
    return facts;
  });
}

function milestoneFacts(projection: Projection): EngineFact[] {
  const { retirementAge, endAge } = projection.plan;
  return projection.series
    .filter(
      (row) =>
        row.yearOffset > 0 &&
        (row.age % MILESTONE_AGE_STEP === 0 || row.age === retirementAge || row.age === endAge),
    )
    .flatMap((row) => [
      {
        label: `age ${row.age} (${row.year}) balance: 10th percentile`,
        value: row.p10,
        unit: 'usd' as const,
      },
      {
        label: `age ${row.age} (${row.year}) balance: median`,
        value: row.p50,
        unit: 'usd' as const,
      },
      {
        label: `age ${row.age} (${row.year}) balance: 90th percentile`,
        value: row.p90,
        unit: 'usd' as const,
      },
    ]);
}

/** The fact as the prompt shows it. */
export function formatFact(fact: EngineFact): string {
  switch (fact.unit) {
    case 'usd':
      return `$${Math.round(fact.value).toLocaleString('en-US')}`;
    case 'pct':
      return `${fact.value}%`;
    case 'points':
      return `${fact.value > 0 ? '+' : ''}${fact.value} percentage points`;
    default:
      return String(fact.value);
  }
}

/** Dollar amounts and percentages in `markdown` that round from no engine fact. */
export function unmatchedFigures(markdown: string, facts: readonly EngineFact[]): FigureMismatch[] {
  const allowed: AllowedFact[] = facts.flatMap((fact): AllowedFact[] => {
    if (fact.unit === 'usd' || fact.unit === 'pct') return [{ value: fact.value, unit: fact.unit }];
    return fact.unit === 'points' ? [{ value: fact.value, unit: 'pct' }] : [];
  });
  return compareFigures(extractFigures(markdown), allowed);
}
