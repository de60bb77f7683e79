import type { Chart, ChartType } from '../../contracts/payloads.ts';
import { centsToUsd, usdToCents } from '../money.ts';
import type { SimulationResult } from '../monte-carlo/types.ts';
import type { PortfolioAnalytics } from '../portfolio/types.ts';
import { paletteColor } from './palette.ts';

const TAX_TREATMENT_LABELS: Record<string, string> = {
  taxable: 'Taxable',
  tax_deferred: 'Tax-deferred',
  tax_free: 'Tax-free',
};

/** `fixed_income` → `Fixed income`, `north_america` → `North America` for regions. */
export function labelFor(key: string): string {
  const words = key.split('_');
  const regionStyle = ['north_america', 'latin_america', 'middle_east'].includes(key);
  return words
    .map((word, index) =>
      index === 0 || regionStyle ? word[0]?.toUpperCase() + word.slice(1) : word,
    )
    .join(' ');
}

interface Entry {
  name: string;
  valueCents: number;
}

/** A chart from named cent amounts: values > 0 only, in dollars, and a total that is their exact sum. */
function chartOf(
  title: string,
  type: ChartType,
  description: string,
  entries: Entry[],
): Chart | null {
  const kept = entries.filter((entry) => entry.valueCents > 0);
  if (kept.length === 0) return null;
  return {
    title,
    type,
    description,
    data: kept.map((entry, index) => ({
      name: entry.name,
      value: centsToUsd(entry.valueCents),
      color: paletteColor(index),
    })),
    total: centsToUsd(kept.reduce((sum, entry) => sum + entry.valueCents, 0)),
  };
}

/**
 * Every candidate chart the Charter may pick from, keyed by snake_case name. Values are exact
 * dollars from the analytics (and the simulation, when given); the Charter only chooses and titles.
 */
export function buildChartDatasets(
  analytics: PortfolioAnalytics,
  retirement?: SimulationResult,
): Record<string, Chart> {
  const slices = (items: Array<{ key: string; valueCents: number }>, label = labelFor) =>
    items.map((item) => ({ name: label(item.key), valueCents: item.valueCents }));
  // Charts are in dollars, so unclassified value is shown as its own slice, not left out.
  const withUnclassified = (
    items: Array<{ key: string; valueCents: number }>,
    group: keyof PortfolioAnalytics['unclassified'],
  ) => [
    ...slices(items),
    { name: 'Unclassified', valueCents: analytics.unclassified[group].valueCents },
  ];
  const candidates: Record<string, Chart | null> = {
    asset_class_allocation: chartOf(
      'Asset allocation',
      'donut',
      'Portfolio value by asset class, cash included',
      withUnclassified(analytics.allocation.assetClass, 'assetClass'),
    ),
    region_allocation: chartOf(
      'Geographic exposure',
      'pie',
      'Invested value by region',
      withUnclassified(analytics.allocation.region, 'region'),
    ),
    sector_allocation: chartOf(
      'Sector exposure',
      'horizontalBar',
      'Invested value by sector',
      withUnclassified(analytics.allocation.sector, 'sector'),
    ),
    account_values: chartOf(
      'Accounts',
      'bar',
      'Value of each account, cash included',
      analytics.accounts.map((account) => ({ name: account.name, valueCents: account.valueCents })),
    ),
    tax_treatment: chartOf(
      'Tax treatment',
      'pie',
      'Value by account type',
      slices(analytics.accountTypes, (key) => TAX_TREATMENT_LABELS[key] ?? labelFor(key)),
    ),
    top_holdings: chartOf(
      'Top holdings',
      'horizontalBar',
      'Largest holdings across all accounts',
      analytics.topHoldings.map((holding) => ({
        name: holding.key === 'cash' ? 'Cash' : holding.key,
        valueCents: holding.valueCents,
      })),
    ),
    retirement_projection: retirement ? fanChart(retirement) : null,
  };
  return Object.fromEntries(
    Object.entries(candidates).filter((entry): entry is [string, Chart] => entry[1] !== null),
  );
}

/**
 * The retirement fan chart: one point per year with the median in `data` (so the chart fits the
 * common shape; its total is simply the sum of the plotted medians) and the p10-p90 bands in
 * `bands`. Years whose median is zero are left out, as charts carry values > 0 only.
 */
function fanChart(result: SimulationResult): Chart | null {
  const points = result.series.filter((point) => usdToCents(point.p50) > 0);
  const chart = chartOf(
    'Projected wealth',
    'area',
    "Median wealth by year in today's dollars; bands give the 10th to 90th percentiles",
    points.map((point) => ({
      name: point.age === null ? `Year ${point.yearOffset}` : `Age ${point.age}`,
      valueCents: usdToCents(point.p50),
    })),
  );
  if (!chart) return null;
  return {
    ...chart,
    data: chart.data.map((point) => ({ ...point, color: paletteColor(0) })),
    bands: points.map((point) => ({
      year_offset: point.yearOffset,
      age: point.age,
      p10: centsToUsd(usdToCents(point.p10)),
      p25: centsToUsd(usdToCents(point.p25)),
      p50: centsToUsd(usdToCents(point.p50)),
      p75: centsToUsd(usdToCents(point.p75)),
      p90: centsToUsd(usdToCents(point.p90)),
    })),
  };
}

/** Domain check for any chart (ours or one a model returned): values > 0 that sum to the total to the cent. */
export function chartTotalMatches(chart: Chart): boolean {
  const cents = chart.data.map((point) => usdToCents(point.value));
  return (
    chart.data.every((point) => point.value > 0) &&
    cents.reduce((sum, value) => sum + value, 0) === usdToCents(chart.total)
  );
}
