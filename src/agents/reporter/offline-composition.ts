import { labelFor, type Xray } from '../../core/index.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import { reviewLimits } from './findings.ts';
import { formatPct, formatUsd } from '../format.ts';
import { markdownText } from '../markdown-safety.ts';
import { accountTypeWords } from './format.ts';

// Below this average expense ratio (percent a year) a portfolio counts as low-cost: broad
// index ETFs charge roughly 0.03% to 0.10%, so 0.2% leaves room for a few pricier funds.
const LOW_COST_EXPENSE_RATIO_PCT = 0.2;
// At least this share of stock money outside North America counts as real international exposure.
const INTERNATIONAL_SHARE_PCT = 20;
// Equivalent to ten equal holdings or more: no single position dominates.
const DIVERSIFIED_EFFECTIVE_HOLDINGS = 10;
// A fund-led portfolio counts as broad only if no sector takes this share of it (a sector fund
// is one bet, however many companies it holds).
const BROAD_FUND_MAX_SECTOR_PCT = 40;

/** Accounts, asset classes (with targets), top holdings and unpriced positions, as tables. */
export function compositionTables({ analytics, portfolio }: PortfolioSnapshot): string {
  const targets = portfolio.targets?.assetClass;
  const parts = [
    table(
      ['Account', 'Type', 'Value', 'Share'],
      analytics.accounts.map((account) => [
        markdownText(account.name),
        accountTypeWords(account.type),
        formatUsd(account.valueUsd),
        formatPct(account.pct),
      ]),
    ),
    table(
      ['Asset class', 'Value', 'Share', ...(targets ? ['Target'] : [])],
      analytics.allocation.assetClass.map((slice) => [
        labelFor(slice.key),
        formatUsd(slice.valueUsd),
        formatPct(slice.pct),
        ...(targets ? [targetCell(targets[slice.key as keyof typeof targets])] : []),
      ]),
    ),
    table(
      ['Holding', 'Name', 'Value', 'Share'],
      analytics.topHoldings.map((holding) => [
        holding.key === 'cash' ? 'Cash' : holding.key,
        holding.key === 'cash'
          ? 'Cash in all accounts'
          : markdownText(portfolio.instruments[holding.key]?.name ?? ''),
        formatUsd(holding.valueUsd),
        formatPct(holding.pct),
      ]),
    ),
  ];
  if (analytics.unpriced.length > 0) {
    parts.push(
      'Not included (no price): ' +
        analytics.unpriced
          .map((position) => `${position.symbol}, ${position.quantity} units`)
          .join('; ') +
        '.',
    );
  }
  if (analytics.unclassified.assetClass.valueCents > 0) {
    const symbols = analytics.positions
      .map((position) => position.symbol)
      .filter((symbol, index, all) => all.indexOf(symbol) === index)
      .filter(
        (symbol) => Object.keys(portfolio.instruments[symbol]?.assetClass ?? {}).length === 0,
      );
    parts.push(
      `Unclassified ${formatUsd(analytics.unclassified.assetClass.valueUsd)}` +
        (symbols.length > 0 ? ` (${symbols.join(', ')})` : '') +
        ': what these hold is not known, so they are left out of the percentages above and of the ' +
        'expected return rather than guessed.',
    );
  }
  if (analytics.normalised.length > 0) {
    parts.push(
      'Allocation data that did not add up was scaled proportionally for: ' +
        analytics.normalised
          .map((entry) => `${entry.symbol} (${groupWords(entry.group)})`)
          .join(', ') +
        '.',
    );
  }
  return parts.join('\n\n');
}

/** What the portfolio already does well, in words with computed figures. */
export function strengthsOf({ analytics, portfolio }: PortfolioSnapshot, xray?: Xray): string[] {
  const strengths: string[] = [];
  // The user's own drift threshold, as the X-ray rule and the drift finding use it.
  const { driftPoints } = reviewLimits(xray);
  const drift = analytics.drift.assetClass;
  if (drift.length > 0 && drift.every((entry) => Math.abs(entry.driftPct) <= driftPoints)) {
    strengths.push(`every asset class is within ${driftPoints} percentage points of its target`);
  }
  if (analytics.fees && analytics.fees.weightedExpenseRatioPct <= LOW_COST_EXPENSE_RATIO_PCT) {
    strengths.push(
      `low fund costs (${formatPct(analytics.fees.weightedExpenseRatioPct, 2)} a year on average)`,
    );
  }
  const largest = analytics.concentration.largestHolding;
  const largestIsFund =
    largest !== null &&
    ['etf', 'mutual_fund', 'bond_fund'].includes(
      portfolio.instruments[largest.symbol]?.instrumentType ?? '',
    );
  const sectorLed = (analytics.allocation.sector[0]?.pct ?? 100) >= BROAD_FUND_MAX_SECTOR_PCT;
  if (
    analytics.concentration.effectiveHoldings >= DIVERSIFIED_EFFECTIVE_HOLDINGS ||
    (largestIsFund && !sectorLed)
  ) {
    strengths.push('broad diversification through funds or many holdings');
  }
  if (analytics.homeBias && analytics.homeBias.outsideNorthAmericaPct >= INTERNATIONAL_SHARE_PCT) {
    strengths.push(
      `real international exposure (${formatPct(analytics.homeBias.outsideNorthAmericaPct)} of stocks outside North America)`,
    );
  }
  return strengths;
}

function targetCell(target: number | undefined): string {
  return target === undefined ? '–' : formatPct(target);
}

function groupWords(group: 'assetClass' | 'regions' | 'sectors'): string {
  return group === 'assetClass' ? 'asset classes' : group;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
