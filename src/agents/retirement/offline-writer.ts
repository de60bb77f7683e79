import {
  describeCashFlow,
  LONGEVITY_NOT_MODELLED,
  TAXES_NOT_MODELLED,
  type ReturnModel,
} from '../../core/index.ts';
import { READINESS_BANDS, readinessVerdict } from './engine-facts.ts';
import {
  strongestLever,
  type HorizonSource,
  type LeverOutcome,
  type Projection,
} from './projection.ts';
import type { RetirementNarrative } from './schema.ts';
import { WITHDRAWAL_ORDER_WORDS } from './outlook.ts';

// The narrative without a model: rules over the same rounded results the model would be given,
// so every figure here is an engine number (the agent runs the same figure check on it).

const usd = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;
const pct = (value: number) => `${Math.round(value * 10) / 10}%`;
const points = (value: number) =>
  `${value > 0 ? '+' : value < 0 ? '-' : ''}${Math.round(Math.abs(value) * 10) / 10} percentage points`;

/** A fraction as the percentage the facts hold (two decimals), so both round the same way. */
const roundedPct = (fraction: number) => Math.round(fraction * 10_000) / 100;

const MODEL_DESCRIPTIONS: Record<ReturnModel, string> = {
  lognormal: 'lognormal yearly returns from long-run US averages',
  normal: 'normally distributed yearly returns from long-run US averages',
  historical: 'rolling periods of actual US market history',
  bootstrap: 'blocks of actual US market years drawn at random',
};

export function writeRetirementNarrative(projection: Projection): RetirementNarrative {
  return {
    readiness: readiness(projection),
    risks: risks(projection),
    levers: levers(projection),
    limitations: limitations(projection),
  };
}

function spendingOf(projection: Projection): number {
  const spending = projection.plan.simulation.spending;
  return spending.kind === 'amount' ? spending.annualUsd : 0;
}

function ageNote(projection: Projection): string {
  return projection.plan.ageSource === 'assumed' ? ' (assumed: the profile has no age)' : '';
}

function readiness(projection: Projection): string {
  const { plan, result, atRetirement } = projection;
  const spending = spendingOf(projection);
  const paths = `${result.paths.toLocaleString('en-US')} ${result.model === 'historical' ? 'historical periods' : 'simulated paths'}`;
  const atRetirementText =
    `The median balance at retirement (age ${plan.retirementAge}${ageNote(projection)}) is ` +
    `${usd(atRetirement.p50)} in today's dollars; the 10th to 90th percentile range is ` +
    `${usd(atRetirement.p10)} to ${usd(atRetirement.p90)}.`;
  if (spending <= 0) {
    return [
      `No target retirement income is set in the profile, so the plan has no withdrawals that ` +
        `could fail; the ${paths} (${MODEL_DESCRIPTIONS[result.model]}) show how the savings could grow.`,
      `${atRetirementText} At 90% success that balance would sustain about ` +
        `${usd(projection.sustainableSpendingUsd)} a year of inflation-adjusted spending for ` +
        `${plan.simulation.retirementYears} years.`,
    ].join('\n\n');
  }
  const bands = READINESS_BANDS.map((band, index) => {
    const upper = READINESS_BANDS[index - 1]?.minPct;
    if (upper === undefined) return `${pct(band.minPct)} or more is ${band.verdict}`;
    if (band.minPct === 0) return `below ${pct(upper)} ${band.verdict}`;
    return `${pct(band.minPct)} to ${pct(upper)} ${band.verdict}`;
  }).join('; ');
  const paragraphs = [
    `**Verdict: ${readinessVerdict(projection.successPct)}.** Across ${paths} ` +
      `(${MODEL_DESCRIPTIONS[result.model]}), spending ${usd(spending)} a year lasted through all ` +
      `${plan.simulation.retirementYears} years of retirement, to age ${plan.endAge}, in ` +
      `${successWithUncertainty(projection)} of them. Bands used: ${bands}.`,
  ];
  // The balance percentiles stand on their own: set beside the capital the target needs (a
  // figure of the withdrawal-rate measure) or the success probability, a median above it
  // would read as comfort the success probability does not give.
  paragraphs.push(atRetirementText);
  const longevity = longevityParagraph(projection);
  if (longevity) paragraphs.push(longevity);
  const streams = plan.simulation.cashFlows ?? [];
  if (streams.length > 0) {
    paragraphs.push(
      'Spending is paid first from the income in the profile, and the portfolio pays the rest: ' +
        streams.map((stream) => describeCashFlow(stream)).join('; ') +
        '.',
    );
  }
  return paragraphs.join('\n\n');
}

/**
 * "80.5% ± 0.8": the ± is the 95% sampling margin of the simulation. Historical periods
 * overlap, so they get their count of independent periods instead of a margin.
 */
function successWithUncertainty(projection: Projection): string {
  const uncertainty = projection.successUncertainty;
  if (uncertainty) {
    return `${pct(projection.successPct)} ± ${uncertainty.marginPoints.toFixed(1)} (a 95% sampling margin)`;
  }
  const windows = projection.result.historicalWindows;
  if (!windows) return pct(projection.successPct);
  return (
    `${pct(projection.successPct)} (the ${windows.count} periods overlap: ${windows.dataYears} years of ` +
    `history hold only about ${Math.round(windows.dataYears / windows.years)} separate ${windows.years}-year retirements)`
  );
}

/** What a person would live on in the leanest year, against the floor; empty without spending. */
function spendingRisk(projection: Projection): string[] {
  const spending = spendingOf(projection);
  if (spending <= 0) return [];
  const { income } = projection;
  return [
    `**What you would live on.** In the weakest tenth of paths the leanest year pays ` +
      `${usd(income.minimumP10Usd)} or less against ${usd(spending)} planned; ` +
      `${pct(income.pathsBelowFloorPct)} of paths have at least one year below ` +
      `${pct(income.floorPct)} of the first year's spending.`,
  ];
}

function risks(projection: Projection): string {
  const { plan, atRetirement, atEnd, depletion } = projection;
  const bullets = [
    `**Sequence of returns.** Poor years just before or early in retirement do the most ` +
      `damage, because withdrawals lock in the losses. In the weakest tenth of paths the ` +
      `balance at retirement is ${usd(atRetirement.p10)} or less, and at the end of the plan ` +
      `the 10th percentile is ${usd(atEnd.p10)} against a median of ${usd(atEnd.p50)}.`,
    depletion.pathsDepleted > 0 && depletion.medianAge !== null && depletion.earliestAge !== null
      ? `**Running out.** ${pct(depletion.depletedPct)} of paths ran out of money, half of ` +
        `those by age ${depletion.medianAge}; the earliest ran out at age ${depletion.earliestAge}.`
      : `**Running out.** No path ran out of money before age ${plan.endAge}.`,
    ...spendingRisk(projection),
    plan.inflationPct === null
      ? `**Inflation.** Each path carries the inflation of the historical years it uses; ` +
        `spending rises with prices, so an inflationary decade early in retirement weighs heavily.`
      : `**Inflation.** Amounts are in today's dollars with ${pct(plan.inflationPct)} inflation ` +
        `a year; spending rises with prices, so inflation above that would wear down the plan ` +
        `faster than shown.`,
    `**Longevity.** The plan pays spending to age ${plan.endAge}${ageNote(projection)}; a ` +
      `longer life is not covered and would need the balance left at that age.`,
    allocationRisk(projection),
  ];
  return bullets.map((bullet) => `- ${bullet}`).join('\n');
}

function allocationRisk(projection: Projection): string {
  const { plan } = projection;
  const mix = Object.entries(plan.simulation.allocation)
    .filter(([, fraction]) => (fraction ?? 0) > 0)
    .sort(([, left], [, right]) => (right ?? 0) - (left ?? 0))
    .map(([key, fraction]) => `${pct(roundedPct(fraction ?? 0))} ${key.replaceAll('_', ' ')}`)
    .join(', ');
  const moments =
    plan.expectedReturnPct !== null && plan.volatilityPct !== null
      ? ` The mix is assumed to return ${pct(plan.expectedReturnPct)} a year on average with ` +
        `a volatility of ${pct(plan.volatilityPct)}: more equity raises both.`
      : ' More equity raises both the expected growth and the swings from year to year.';
  return `**Allocation.** The simulated mix is ${mix}.${moments}`;
}

function levers(projection: Projection): string {
  if (projection.levers.length === 0) {
    return 'No what-if lever applies to this plan.';
  }
  const ordered = [...projection.levers].sort(
    (left, right) => right.changePoints - left.changePoints,
  );
  const lines = ordered.map((lever) => `- ${leverLine(lever)}`);
  const best = strongestLever(projection);
  const lead = best
    ? `The strongest lever is to ${best.change}: it lifts the success probability to ` +
      `${pct(best.successPct)}.`
    : projection.successPct >= 100
      ? 'Every path already succeeds, so no lever can raise the success probability.'
      : 'None of the levers tried raises the success probability.';
  const spending = spendingOf(projection);
  // Two measures, one sentence each, never mixed: a fixed yearly amount that lasts in 90% of
  // paths (the measure of the success probability), and a rate of each path's own balance at
  // retirement that lasts in 90% of paths (with the capital the target needs at that rate).
  let sustainable =
    `At 90% success the plan sustains about ${usd(projection.sustainableSpendingUsd)} a year ` +
    `from retirement: a fixed amount in today's dollars, rising with inflation, that lasted in ` +
    `90% of paths`;
  if (spending > 0) {
    sustainable +=
      projection.sustainableSpendingUsd >= spending
        ? `, at or above the target of ${usd(spending)}.`
        : `, below the target of ${usd(spending)}.`;
  } else {
    sustainable += '.';
  }
  if (projection.sustainableRatePct > 0) {
    sustainable +=
      ` Measured instead as a share of each path's own balance at retirement, a first-year ` +
      `withdrawal of ${pct(projection.sustainableRatePct)} (then raised with inflation) lasted in ` +
      `90% of paths` +
      (projection.capitalNeededUsd !== null
        ? `; at that rate the target of ${usd(spending)} needs a balance of about ` +
          `${usd(projection.capitalNeededUsd)} at retirement.`
        : '.');
  }
  return [lead, lines.join('\n'), sustainable].join('\n\n');
}

function leverLine(lever: LeverOutcome): string {
  const change = lever.change.charAt(0).toUpperCase() + lever.change.slice(1);
  const effect = lever.changePoints === 0 ? 'no change' : points(lever.changePoints);
  return `**${change}**: ${pct(lever.successPct)} success (${effect}).`;
}

/**
 * The horizon and where it came from (the profile's plan_to_age or the life table's default),
 * and the chance of running out while alive (issue 16).
 */
function longevityParagraph(projection: Projection): string | null {
  const longevity = projection.result.longevity;
  if (!longevity) return null;
  const who =
    longevity.sex === null
      ? 'a 50/50 blend of the male and female tables'
      : `the ${longevity.sex} table`;
  const source: Record<HorizonSource, string> = {
    'profile-plan-to-age': ', the age set in your profile (plan_to_age)',
    'life-table':
      `, the oldest age reached with 10% probability under ${longevity.tableLabel} (${who}): ` +
      'the default, as your profile sets no plan_to_age',
    'run-retirement-years': ', the years of retirement given for this run',
    'fixed-without-age': '',
  };
  const horizon = `The plan runs to age ${longevity.planToAge}${source[projection.plan.horizonSource]}`;
  return (
    `${horizon}; the chance of being alive then is ${pct(roundedPct(longevity.survivalToPlanEnd))}. ` +
    `Counting only the years in which you would still be alive, the chance of running out of ` +
    `money is ${pct(roundedPct(longevity.ruinWhileAlive))}: each path that ran out is weighted ` +
    'by the chance of being alive when it did.'
  );
}

/** How the tax model was applied, and what it leaves out (figures from the engine facts). */
function taxSentences(projection: Projection): string[] {
  const { plan } = projection;
  const taxes = plan.simulation.taxes;
  if (!taxes) {
    return plan.taxesLeftOut === null ? [] : [`Taxes are left out: ${plan.taxesLeftOut}`];
  }
  const order = WITHDRAWAL_ORDER_WORDS[taxes.order];
  const rmd =
    taxes.rmdStartAge === null
      ? ''
      : ` Required minimum distributions start at ${taxes.rmdStartAge}; what they pay beyond the spending is taxed and reinvested in a taxable account.`;
  return [
    `Withdrawals come from ${order}; tax-deferred withdrawals are taxed at a flat ` +
      `${pct(roundedPct(taxes.taxDeferredRate))} (${taxes.rateSource}).${rmd}`,
    `Not modelled: ${TAXES_NOT_MODELLED.join('; ')}`,
  ];
}

function limitations(projection: Projection): string {
  const { plan } = projection;
  const streams = plan.simulation.cashFlows ?? [];
  const notes = [...new Set(streams.flatMap((stream) => (stream.note ? [stream.note] : [])))];
  const taxed = plan.simulation.taxes !== undefined;
  const amounts = taxed
    ? "All amounts are in today's dollars, and spending is after tax."
    : "All amounts are in today's dollars and before taxes.";
  const sentences = [
    streams.length === 0
      ? `${amounts} The whole target income is drawn ` +
        'from this portfolio: Social Security, pensions and other income are not counted, and ' +
        `neither are ${taxed ? '' : 'taxes or '}fund fees.`
      : `${amounts} The income and expenses in the ` +
        `profile are counted; ${taxed ? 'any income not entered there is' : 'taxes and any income not entered there are'} not. Everyone is ` +
        'assumed alive to the end of the plan, so a spouse’s benefit does not stop and no ' +
        'survivor benefit replaces it.',
    ...taxSentences(projection),
    ...(notes.length > 0 ? [`Income figures: ${notes.join('; ')}`] : []),
    'Spending is a fixed amount that rises with inflation, and the mix is rebalanced every ' +
      'year; a real plan that cuts spending after bad years would fail less often.',
    `Return assumptions: ${plan.returnSource}`,
  ];
  if (plan.allocationNotes.length > 0) {
    sentences.push(`Mapping of the portfolio: ${plan.allocationNotes.join('; ')}.`);
  }
  if (plan.excluded.length > 0) {
    const symbols = [...new Set(plan.excluded.map((position) => position.symbol))].join(', ');
    sentences.push(`Positions without a price are left out of the balance: ${symbols}.`);
  }
  if (projection.result.longevity) {
    sentences.push(`Longevity leaves out: ${LONGEVITY_NOT_MODELLED.join('; ')}`);
  }
  if (plan.ageSource === 'assumed') {
    sentences.push(
      `The profile has no age, so ages assume retirement at ${plan.retirementAge}; only the ` +
        'labels depend on it, not the results.',
    );
  }
  return sentences
    .map((sentence) => (sentence.endsWith('.') ? sentence : `${sentence}.`))
    .join(' ');
}
