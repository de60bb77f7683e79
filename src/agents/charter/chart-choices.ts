import type { Chart, ChartType, ChartsPayload } from '../../contracts/payloads.ts';
import {
  chartTotalMatches,
  compareFigures,
  extractFigures,
  percentOf,
  usdToCents,
  type AllowedFact,
  type PortfolioAnalytics,
} from '../../core/index.ts';
import { ModelOutputError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';
import { charterOutputSchema, MAX_CHARTS, MIN_CHARTS, type ChartChoice } from './schema.ts';

// A pie or donut stops being readable past this many slices; longer datasets get bars.
const MAX_PIE_SLICES = 8;
const SERIES_KEYS = new Set(['retirement_projection']);

/** Share of a chart's total, percent to two decimals, from exact cents. */
export function shareOfTotal(valueUsd: number, chart: Chart): number {
  return percentOf(usdToCents(valueUsd), usdToCents(chart.total));
}

/** Chart types that suit a dataset: series as lines or areas, parts of a whole as pies or bars. */
export function allowedTypes(key: string, chart: Chart): ChartType[] {
  if (SERIES_KEYS.has(key)) return ['area', 'line', 'bar'];
  return chart.data.length > MAX_PIE_SLICES
    ? ['horizontalBar', 'bar']
    : ['pie', 'donut', 'bar', 'horizontalBar'];
}

/** How many charts a payload from these candidates has: at most 6, and all of them below that. */
export function chartCountRange(candidates: Record<string, Chart>): { min: number; max: number } {
  const available = Object.keys(candidates).length;
  return { min: MIN_CHARTS, max: Math.min(MAX_CHARTS, available) };
}

/** Every number a chart's title or description may quote. */
function chartFacts(chart: Chart, analytics: PortfolioAnalytics): AllowedFact[] {
  return [
    ...analytics.facts.map((fact) => ({ value: fact.value, unit: fact.unit })),
    { value: chart.total, unit: 'usd' },
    ...chart.data.flatMap((point): AllowedFact[] => [
      { value: point.value, unit: 'usd' },
      { value: shareOfTotal(point.value, chart), unit: 'pct' },
    ]),
  ];
}

/** Problems with the model's selection, in words it can act on; empty when it is usable. */
export function selectionProblems(
  choices: readonly ChartChoice[],
  candidates: Record<string, Chart>,
  analytics: PortfolioAnalytics,
): string[] {
  const problems: string[] = [];
  const { min, max } = chartCountRange(candidates);
  if (choices.length < min || choices.length > max) {
    problems.push(`choose between ${min} and ${max} charts; you chose ${choices.length}`);
  }
  const keys = choices.map((choice) => choice.key);
  for (const key of new Set(keys.filter((key, index) => keys.indexOf(key) !== index))) {
    problems.push(`"${key}" is chosen more than once; each dataset may appear once`);
  }
  for (const choice of choices) {
    const chart = candidates[choice.key];
    if (!chart) continue;
    const types = allowedTypes(choice.key, chart);
    if (choice.type && !types.includes(choice.type)) {
      problems.push(
        `"${choice.key}" cannot be drawn as ${choice.type}; use one of ${types.join(', ')}`,
      );
    }
    const names = chart.data.map((point) => point.name);
    const mismatches = compareFigures(
      extractFigures(withoutNames(`${choice.title}\n${choice.description}`, names)),
      chartFacts(chart, analytics),
    );
    for (const mismatch of mismatches) {
      problems.push(
        `"${choice.key}": ${mismatch.reason}; quote only the dataset's values and shares as given`,
      );
    }
  }
  return problems;
}

/**
 * The payload: values and totals from the computed datasets, words and type from the choices.
 * Checked against the contract and the sum rule before it leaves the agent.
 */
export function assembleCharts(
  choices: readonly ChartChoice[],
  candidates: Record<string, Chart>,
  model: string,
): ChartsPayload {
  const charts: Record<string, Chart> = {};
  for (const choice of choices) {
    const candidate = candidates[choice.key];
    if (!candidate) throw new ModelOutputError(model, `no chart dataset "${choice.key}"`);
    charts[choice.key] = {
      ...candidate,
      title: choice.title,
      description: choice.description,
      type: choice.type ?? candidate.type,
    };
  }
  const payload = parseWith(charterOutputSchema, charts, 'charts payload');
  for (const [key, chart] of Object.entries(payload)) {
    if (!chartTotalMatches(chart)) {
      throw new ModelOutputError(model, `chart "${key}": values do not add up to its total`);
    }
  }
  return payload;
}

/** Names come from the user (account names); quoting one is not a claim about a figure. */
function withoutNames(text: string, names: readonly string[]): string {
  return names
    .filter((name) => /[$%]/.test(name))
    .reduce((result, name) => result.replaceAll(name, ' '.repeat(name.length)), text);
}
