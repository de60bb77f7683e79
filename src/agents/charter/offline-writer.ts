import type { Chart, ChartPoint } from '../../contracts/payloads.ts';
import { formatPct, formatWholeUsd } from '../format.ts';
import { allowedTypes, shareOfTotal } from './chart-choices.ts';
import { MAX_CHARTS, MIN_CHARTS, type ChartChoice } from './schema.ts';

// The default set, most telling first: what the money is in, what dominates it, where in the
// world, how it is spread over accounts, sectors and tax treatment.
const DEFAULT_ORDER = [
  'asset_class_allocation',
  'top_holdings',
  'region_allocation',
  'account_values',
  'sector_allocation',
  'tax_treatment',
  'retirement_projection',
];

type Lead = (largest: ChartPoint, sharePct: number, chart: Chart) => string;

/** One sentence per dataset about its largest slice, with figures taken from the data. */
const LEADS: Record<string, Lead> = {
  asset_class_allocation: (largest, share, chart) =>
    `${largest.name} is the largest asset class: ${formatWholeUsd(largest.value)}, ${formatPct(share)} of ${formatWholeUsd(chart.total)} including cash.`,
  top_holdings: (largest, share, chart) =>
    `${largest.name} is the largest holding at ${formatWholeUsd(largest.value)}, ${formatPct(share)} of the ${formatWholeUsd(chart.total)} shown.`,
  region_allocation: (largest, share, chart) =>
    `${largest.name} holds ${formatPct(share)} of invested money (${formatWholeUsd(largest.value)} of ${formatWholeUsd(chart.total)}).`,
  account_values: (largest, share, chart) =>
    `${largest.name} is the largest account with ${formatWholeUsd(largest.value)}, ${formatPct(share)} of ${formatWholeUsd(chart.total)}.`,
  sector_allocation: (largest, share) =>
    `${largest.name} is the largest sector at ${formatPct(share)} of invested money (${formatWholeUsd(largest.value)}).`,
  tax_treatment: (largest, share) =>
    `${largest.name} accounts hold ${formatPct(share)} of the portfolio (${formatWholeUsd(largest.value)}).`,
};

const genericLead: Lead = (largest, share, chart) =>
  `${largest.name} is the largest at ${formatWholeUsd(largest.value)}, ${formatPct(share)} of ${formatWholeUsd(chart.total)}.`;

/**
 * The charts without a model: the datasets in DEFAULT_ORDER that have at least two slices, up
 * to six; single-slice datasets fill in only when fewer than four remain. Titles are the
 * datasets' own; descriptions state the largest slice with its computed value and share.
 */
export function chooseDefaultCharts(candidates: Record<string, Chart>): ChartChoice[] {
  const ordered = [
    ...DEFAULT_ORDER.filter((key) => key in candidates),
    ...Object.keys(candidates).filter((key) => !DEFAULT_ORDER.includes(key)),
  ];
  const informative = ordered.filter((key) => (candidates[key]?.data.length ?? 0) >= 2);
  const fillers = ordered.filter((key) => !informative.includes(key));
  const keys = [
    ...informative,
    ...fillers.slice(0, Math.max(0, MIN_CHARTS - informative.length)),
  ].slice(0, MAX_CHARTS);
  return keys.flatMap((key) => {
    const chart = candidates[key];
    return chart ? [defaultChoice(key, chart)] : [];
  });
}

function defaultChoice(key: string, chart: Chart): ChartChoice {
  const largest = chart.data.reduce((top, point) => (point.value > top.value ? point : top));
  const lead = LEADS[key] ?? genericLead;
  const types = allowedTypes(key, chart);
  return {
    key,
    title: chart.title,
    description: `${chart.description}. ${lead(largest, shareOfTotal(largest.value, chart), chart)}`,
    type: types.includes(chart.type) ? chart.type : types[0],
  };
}
