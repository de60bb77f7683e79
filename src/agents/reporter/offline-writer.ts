import { labelFor, type Xray } from '../../core/index.ts';
import type { FieldIssue } from '../../errors.ts';
import type { KnowledgeSnippet } from '../agent.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import type { Finding } from './findings.ts';
import { formatPct, formatUsd } from '../format.ts';
import { markdownText } from '../markdown-safety.ts';
import { accountTypeWords, asSentence, keyWords, listWords } from './format.ts';
import type { BadYearIllustration } from './report-figures.ts';
import type { RetirementOutlook } from './schema.ts';
import { strengthsOf, compositionTables } from './offline-composition.ts';

export interface OfflineReportInput {
  snapshot: PortfolioSnapshot;
  badYear: BadYearIllustration;
  /** Rule findings, most important first. */
  findings: Finding[];
  /** Research notes found for each finding's knowledge query (empty without a knowledge port). */
  notes: Map<string, KnowledgeSnippet[]>;
  outlook?: RetirementOutlook | undefined;
  /** Why no retirement projection can be made for this profile, when that is why there is none. */
  horizonIssue?: FieldIssue | undefined;
  /** The X-ray, whose thresholds (the user's own) the strengths use as the findings do. */
  xray?: Xray | undefined;
}

/** Whose age the plan runs to, as the readiness section says it. */
const PLAN_TO_AGE_SOURCE_WORDS = {
  profile: ' (the age set in your profile)',
  'life-table': " (the life table's default, as your profile sets no plan-to age)",
  none: '',
} as const;

const FUND_TYPES = new Set(['etf', 'mutual_fund', 'bond_fund', 'money_market']);

/**
 * The report without a model: the same eight sections, written from rules and templates over
 * the same figures the model would get. Every figure is formatted from a computed value.
 */
export function writeOfflineReport(input: OfflineReportInput): string {
  const name = markdownText(input.snapshot.user.displayName);
  return `${[
    `# Portfolio report${name ? ` for ${name}` : ''}`,
    executiveSummary(input),
    `## Portfolio Composition\n\n${compositionTables(input.snapshot)}`,
    diversification(input.snapshot),
    riskProfile(input),
    retirementReadiness(input),
    recommendations(input),
    marketContext(input),
    conclusion(input),
  ].join('\n\n')}\n`;
}

function executiveSummary({
  snapshot,
  findings,
  outlook,
  horizonIssue,
}: OfflineReportInput): string {
  const { analytics } = snapshot;
  const accountCount = analytics.accounts.length;
  const lines = [
    `Your portfolio is worth ${formatUsd(analytics.total.valueUsd)} across ` +
      `${accountCount === 1 ? 'one account' : `${accountCount} accounts`}: ` +
      (analytics.cash.valueCents > 0
        ? `${formatUsd(analytics.invested.valueUsd)} invested and ${formatUsd(analytics.cash.valueUsd)} in cash ` +
          `(${formatPct(analytics.cashDrag.cashPct)} of the total).`
        : 'all of it invested, none in cash.'),
    `By asset class it is ${listWords(
      analytics.allocation.assetClass
        .slice(0, 3)
        .map((slice) => `${formatPct(slice.pct)} ${keyWords(slice.key)}`),
    )}.`,
    `On long-run historical averages this mix could be expected to return about ${formatPct(
      analytics.expected.returnPct,
    )} a year after inflation, with yearly swings (volatility) of about ${formatPct(analytics.expected.volatilityPct)}.`,
  ];
  if (outlook && outlook.targetSpendingUsd > 0) {
    lines.push(
      `The retirement projection gives your target income an estimated ${formatPct(outlook.successProbabilityPct)} ` +
        `chance of lasting through retirement: ${outlook.verdict}.`,
    );
  } else if (horizonIssue) {
    lines.push(
      'No retirement projection can be made for this profile as it stands; Retirement Readiness says why and what to change.',
    );
  }
  const urgent = findings.filter((finding) => finding.priority === 'high');
  const first = findings[0];
  if (first) {
    lines.push(
      `${urgent.length > 0 ? `${urgent.length === 1 ? 'One issue needs' : `${urgent.length} issues need`} attention first` : 'Nothing is urgent'}; ` +
        `the top recommendation is to ${lowerFirst(first.title)}.`,
    );
  } else {
    lines.push('None of the rules in this report flagged an issue.');
  }
  if (analytics.unpriced.length > 0) {
    lines.push(
      `Note: ${listWords(analytics.unpriced.map((position) => position.symbol))} could not be priced and ` +
        `${analytics.unpriced.length === 1 ? 'is' : 'are'} left out of every figure.`,
    );
  }
  return `## Executive Summary\n\n${lines.join(' ')}`;
}

function diversification({ analytics, portfolio }: PortfolioSnapshot): string {
  const symbols = new Set(analytics.positions.map((position) => position.symbol));
  const { concentration, homeBias } = analytics;
  const lines: string[] = [];
  lines.push(
    `You hold ${symbols.size === 1 ? 'one security' : `${symbols.size} different securities`}` +
      `${analytics.cash.valueCents > 0 ? ' plus cash' : ''}. By the Herfindahl index ` +
      `(${concentration.herfindahlIndex}), the portfolio is as concentrated as ` +
      (concentration.effectiveHoldings <= 1
        ? 'a single holding.'
        : `about ${concentration.effectiveHoldings} equally sized holdings.`),
  );
  const largest = concentration.largestHolding;
  if (largest && largest.symbol !== 'cash') {
    const instrument = portfolio.instruments[largest.symbol];
    const fund = instrument && FUND_TYPES.has(instrument.instrumentType);
    lines.push(
      `The largest holding, ${largest.symbol}${instrument ? ` (${markdownText(instrument.name)})` : ''}, is ` +
        `${formatPct(largest.pct)} of the portfolio. ` +
        (fund
          ? 'It is a fund holding many securities itself, so the share overstates the risk of any one company.'
          : 'It is a single security, so its fortunes move the whole portfolio.'),
    );
  }
  const regions = analytics.allocation.region.slice(0, 4);
  if (regions.length > 0) {
    lines.push(
      `Invested money by region: ${listWords(regions.map((slice) => `${labelFor(slice.key)} ${formatPct(slice.pct)}`))}.`,
    );
  }
  if (homeBias) {
    lines.push(
      `Of your stock holdings, ${formatPct(homeBias.northAmericaPct)} are in North America and ` +
        `${formatPct(homeBias.outsideNorthAmericaPct)} elsewhere.`,
    );
  }
  const sectors = analytics.allocation.sector.slice(0, 3);
  if (sectors.length > 0) {
    lines.push(
      `The largest ${sectors.length === 1 ? 'sector is' : 'sectors are'} ${listWords(sectors.map((slice) => `${keyWords(slice.key)} (${formatPct(slice.pct)})`))}.`,
    );
  }
  lines.push(
    `By tax treatment: ${listWords(
      analytics.accountTypes.map(
        (slice) => `${formatPct(slice.pct)} ${accountTypeWords(slice.key)}`,
      ),
    )}.`,
  );
  return `## Diversification\n\n${lines.join(' ')}`;
}

function riskProfile({ snapshot, badYear }: OfflineReportInput): string {
  const { analytics } = snapshot;
  const { expected, cashDrag, fees } = analytics;
  const equity = analytics.allocation.assetClass.find((slice) => slice.key === 'equity');
  const lines = [
    `${equity ? `Stocks are ${formatPct(equity.pct)} of the portfolio, the main driver of its ups and downs. ` : 'The portfolio holds no stocks. '}` +
      `Expected return is ${formatPct(expected.returnPct)} a year after inflation and volatility ${formatPct(expected.volatilityPct)}, ` +
      `from long-run history. ${asSentence(`Source: ${expected.source}`)}`,
    badYear.returnPct < 0
      ? `In a bad year, one standard deviation below average (roughly one year in six), the portfolio would lose about ` +
        `${formatPct(Math.abs(badYear.returnPct))}, or ${formatUsd(badYear.changeUsd)} on today's value; worse years happen.`
      : `Even a year one standard deviation below average (roughly one year in six) would leave it about ` +
        `${formatPct(badYear.returnPct)} up, ${formatUsd(badYear.changeUsd)} on today's value.`,
  ];
  if (expected.notes.length > 0) lines.push(`Modelling notes: ${expected.notes.join('; ')}.`);
  if (cashDrag.cashPct > 0) {
    lines.push(
      `Cash (${formatPct(cashDrag.cashPct)}) earns ${formatPct(cashDrag.weightedCashInterestPct)} before inflation ` +
        (cashDrag.annualDragUsd > 0
          ? `against ${formatPct(cashDrag.expectedInvestedReturnPct)} after inflation expected from the invested mix: about ${formatUsd(cashDrag.annualDragUsd)} a year of expected return forgone.`
          : 'and steadies the portfolio.'),
    );
  }
  lines.push(
    fees
      ? `Known expense ratios average ${formatPct(fees.weightedExpenseRatioPct, 2)} a year, about ` +
          `${formatUsd(fees.annualFeesUsd)} a year, covering ${formatPct(fees.coveredPct)} of invested money.`
      : 'No expense ratios are known for your holdings, so fund costs are not included.',
  );
  return `## Risk Profile\n\n${lines.join(' ')}`;
}

/**
 * The retirement projection's answer, stated as the retirement payload states it: the same
 * engine run, the same rounding. Without a projection the section says so and claims nothing.
 */
function retirementReadiness({ snapshot, outlook, horizonIssue }: OfflineReportInput): string {
  const { user } = snapshot;
  const years = user.yearsUntilRetirement;
  const lines = [
    years > 0
      ? `You plan to retire in ${years} years${user.currentAge === null ? '' : `, at ${user.currentAge + years}`}, ` +
        `contributing ${formatUsd(user.annualContributionUsd)} a year until then.`
      : 'You are at or near retirement.',
  ];
  if (!outlook && horizonIssue) {
    lines.push(
      `No retirement projection can be made for this profile: ${horizonIssue.rule}. ` +
        'This report therefore makes no claim about readiness.',
    );
    return `## Retirement Readiness\n\n${lines.join(' ')}`;
  }
  if (!outlook) {
    lines.push(
      user.targetRetirementIncomeUsd > 0
        ? 'The retirement projection is not part of this analysis, so this report makes no claim about readiness; run it to see the odds of the money lasting.'
        : 'No retirement income target is set, so this report cannot say how far the portfolio goes; set one to get a readiness check.',
    );
    return `## Retirement Readiness\n\n${lines.join(' ')}`;
  }
  const paths = `${outlook.simulations.toLocaleString('en-US')} simulated market paths`;
  if (outlook.targetSpendingUsd <= 0) {
    lines.push(
      `No retirement income target is set, so no plan can be judged on track or not. Across ${paths}, ` +
        `the median balance at retirement is ${formatUsd(outlook.medianAtRetirementUsd)} in today's dollars, and about ` +
        `${formatUsd(outlook.sustainableSpendingUsd)} a year of inflation-adjusted spending lasts ${outlook.retirementYears} years ` +
        `in ${formatPct(outlook.onTrackSuccessPct, 0)} of paths.`,
    );
    return `## Retirement Readiness\n\n${lines.join(' ')}`;
  }
  lines.push(
    `Across ${paths} (amounts in today's dollars), spending your target of ${formatUsd(outlook.targetSpendingUsd)} a year, ` +
      `rising with inflation, lasts all ${outlook.retirementYears} years of retirement in ${formatPct(outlook.successProbabilityPct)}${marginWords(outlook)} of them: ` +
      `${outlook.verdict} (on track takes ${formatPct(outlook.onTrackSuccessPct, 0)}).`,
    outlook.spendingShortfallUsd > 0
      ? `The spending that lasts in ${formatPct(outlook.onTrackSuccessPct, 0)} of paths is about ${formatUsd(outlook.sustainableSpendingUsd)} a year, ` +
          `${formatUsd(outlook.spendingShortfallUsd)} a year below the target.`
      : `The spending that lasts in ${formatPct(outlook.onTrackSuccessPct, 0)} of paths is about ${formatUsd(outlook.sustainableSpendingUsd)} a year, ` +
          'at or above the target.',
    `The median balance at retirement is ${formatUsd(outlook.medianAtRetirementUsd)}.`,
    ...(outlook.longevity
      ? [
          `The plan runs to age ${outlook.longevity.planToAge}${PLAN_TO_AGE_SOURCE_WORDS[outlook.longevity.planToAgeSource ?? 'none']}, which you reach with a ` +
            `${formatPct(outlook.longevity.survivalToPlanEndPct)} chance under SSA's period life table; ` +
            `counting only the years you would be alive, the chance of running out of money is ` +
            `${formatPct(outlook.longevity.ruinWhileAlivePct)}.`,
        ]
      : []),
    ...(outlook.incomeStreams.length > 0
      ? [
          `The projection pays spending first from the income in your profile: ${outlook.incomeStreams
            .map((stream) => stream.description)
            .join('; ')}.`,
        ]
      : []),
    ...(outlook.taxes ? [`Taxes: ${outlook.taxes.description}.`] : []),
    'These figures are the retirement projection’s own; its analysis shows the risks and the levers that change them.',
  );
  return `## Retirement Readiness\n\n${lines.join(' ')}`;
}

function recommendations({ findings, notes }: OfflineReportInput): string {
  if (findings.length === 0) {
    return (
      '## Recommendations\n\n1. **Stay the course** (low priority). No rule flagged an issue: keep contributing, ' +
      'and review the mix once a year or after a large market move.'
    );
  }
  const items = findings.map((finding, index) => {
    const reading = citations(notes.get(finding.knowledgeQuery) ?? []);
    return (
      `${index + 1}. **${finding.title}** (${finding.priority} priority). ${finding.detail}` +
      (reading ? ` Further reading: ${reading}.` : '')
    );
  });
  return `## Recommendations\n\n${items.join('\n')}`;
}

function marketContext({ snapshot, notes }: OfflineReportInput): string {
  const { prices } = snapshot;
  const lines = [
    prices.newestAsOf
      ? `Holdings are valued at prices as of ${prices.newestAsOf}.`
      : 'No holding has a price date.',
  ];
  if (prices.stale.length > 0) {
    lines.push(
      `${listWords(prices.stale.map((entry) => entry.symbol))} ${prices.stale.length === 1 ? 'uses' : 'use'} a stored rather than a current price.`,
    );
  }
  lines.push(...prices.notices.map((notice) => asSentence(markdownText(notice))));
  lines.push(
    'This report has no live market feed or news: it describes your holdings at these prices, not where markets are heading. ' +
      'Expected returns are long-run historical averages, and past averages are no promise.',
  );
  const consulted = [...notes.values()].flat();
  const cited = citations(consulted);
  lines.push(
    cited
      ? `Research notes consulted: ${cited}.`
      : 'No research notes were available for this report.',
  );
  return `## Market Context\n\n${lines.join(' ')}`;
}

function conclusion({ snapshot, findings, xray }: OfflineReportInput): string {
  const strengths = strengthsOf(snapshot, xray);
  const lines = [
    strengths.length > 0
      ? `Strengths: ${listWords(strengths)}.`
      : 'The portfolio has no standout strengths on these measures yet.',
    findings.length > 0
      ? `Start with: ${listWords(findings.slice(0, 2).map((finding) => lowerFirst(finding.title)))}.`
      : 'No changes are needed now; revisit the plan once a year.',
    'This report is educational information computed from your data, not personalised financial advice.',
  ];
  return `## Conclusion\n\n${lines.join(' ')}`;
}

/** `“Title” [id]`, once per note; titles that carry figures are left out (they are not ours to check). */
function citations(snippets: readonly KnowledgeSnippet[]): string {
  const seen = new Map<string, KnowledgeSnippet>();
  for (const snippet of snippets) if (!seen.has(snippet.id)) seen.set(snippet.id, snippet);
  return listWords(
    [...seen.values()]
      .filter((snippet) => !/[$%]/.test(snippet.title))
      .map((snippet) => `“${markdownText(snippet.title)}” [${snippet.id}]`),
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The success rate's 95% sampling margin (1.96 standard errors, one decimal), when it has one. */
function marginWords(outlook: RetirementOutlook): string {
  return outlook.successMarginPoints === null
    ? ''
    : ` ± ${outlook.successMarginPoints.toFixed(1)} points (sampling margin)`;
}
