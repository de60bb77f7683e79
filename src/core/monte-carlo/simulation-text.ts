import { describeCashFlow } from './income-plan.ts';
import type { LeverResult } from './levers.ts';
import { longevityLines } from './longevity-output.ts';
import { returnAssumptionsLine } from './return-assumptions.ts';
import { Z_95 } from './statistics.ts';
import { taxLines } from './tax-report.ts';
import type { SimulationOptions, SimulationResult, WithdrawalTiming } from './types.ts';

const FAN_WIDTH = 50;

const usd = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;
const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

const TIMING_WORDS: Record<WithdrawalTiming, string> = {
  start: 'paid at the start of each year',
  end: 'paid at the end of each year',
  bengen: "Bengen's convention: paid at the end of each year, raised by the previous year's CPI",
};

/**
 * "80.5% ± 0.8 (95% interval 79.7% to 81.3%)": ± is 1.96 binomial standard errors, the interval
 * Wilson's. Historical windows overlap, so they get their count and a caveat instead.
 */
export function successLine(result: SimulationResult): string {
  const windows = result.historicalWindows;
  const what =
    result.successDefinition === 'paid-in-full'
      ? 'every withdrawal paid in full'
      : `every withdrawal paid and real spending never below ${pct(result.income.floorFraction)} of the first year's`;
  const success = `Success probability: ${pct(result.successProbability)}`;
  if (windows) {
    const independent = (windows.dataYears / windows.years).toFixed(1);
    return (
      `${success} (${what}) over ${windows.count} overlapping ${windows.years}-year historical ` +
      `windows; ${windows.dataYears} years of data hold about ${independent} independent ` +
      `periods, so the sampling error is far larger than the count suggests`
    );
  }
  if (result.successStandardError === null || !result.successInterval95)
    return `${success} (${what})`;
  const margin = (result.successStandardError * Z_95 * 100).toFixed(1);
  const { low, high } = result.successInterval95;
  return (
    `${success} ± ${margin} (${what}; 95% interval ` +
    `${pct(low)} to ${pct(high)}, standard error ${(result.successStandardError * 100).toFixed(1)} points)`
  );
}

function incomeLines(result: SimulationResult): string[] {
  const { income } = result;
  const last = income.byYear.at(-1);
  const lines = [
    `Spending (today's dollars): first year median ${usd(income.firstYear.p50)}` +
      (last
        ? `; last year p10 ${usd(last.p10)}, median ${usd(last.p50)}, p90 ${usd(last.p90)}`
        : ''),
    `Lowest spending along a path: p10 ${usd(income.minimum.p10)}, median ${usd(income.minimum.p50)} ` +
      `(p10 ${pct(income.minimumRatio.p10)} of the first year's); ` +
      `${pct(income.yearsBelowFloor.shareOfPathsWithAny)} of paths had years below the ` +
      `${pct(income.floorFraction)} floor (${income.yearsBelowFloor.mean.toFixed(1)} a path on average); ` +
      `real cuts ${income.cuts.mean.toFixed(1)} a path on average`,
  ];
  return lines;
}

function cashFlowLines(options: SimulationOptions): string[] {
  const streams = options.cashFlows ?? [];
  if (streams.length === 0) return [];
  return [
    'Income and expenses beside the portfolio (spending is paid from them first, the portfolio pays the rest):',
    ...streams.map((stream) => `  ${describeCashFlow(stream)}`),
  ];
}

/** Plain-text summary and a small fan chart (p10–p90 band, p25–p75 core, p50 marker). */
export function renderSimulationText(
  options: SimulationOptions,
  result: SimulationResult,
  levers: LeverResult[],
  dataSource: string | null,
): string {
  const count =
    result.model === 'historical'
      ? `${result.paths} historical periods`
      : `${result.paths.toLocaleString('en-US')} simulations`;
  const lines = [
    `Model: ${result.model} (${count}, seed ${result.seed}); amounts in today's dollars`,
    `Withdrawals: ${options.strategy}, ${TIMING_WORDS[options.withdrawalTiming]}` +
      (options.inflationAdjusted ? '' : ', fixed in nominal dollars'),
    ...cashFlowLines(options),
    ...taxLines(options, result),
    successLine(result),
    ...longevityLines(result.longevity),
    ...incomeLines(result),
    returnAssumptionsLine(options),
    `At retirement: median ${usd(result.percentilesAtRetirement.p50)}, mean ${usd(result.meanAtRetirement)} ` +
      `(p10 ${usd(result.percentilesAtRetirement.p10)}, p90 ${usd(result.percentilesAtRetirement.p90)})`,
    `At the end: median ${usd(result.percentilesAtEnd.p50)} (p10 ${usd(result.percentilesAtEnd.p10)}, p90 ${usd(result.percentilesAtEnd.p90)})`,
    `Sustainable at ${pct(result.sustainable.targetSuccess)} success (${result.sustainable.basis} withdrawals): ` +
      `${pct(result.sustainable.withdrawalRate)} of the balance at retirement, about ${usd(result.sustainable.spendingUsd)} a year`,
  ];
  if (levers.length > 0) {
    lines.push('', 'Levers:');
    const width = Math.max(...levers.map((lever) => lever.change.length));
    for (const lever of levers) {
      const sign = lever.successChange >= 0 ? '+' : '';
      lines.push(
        `  ${lever.change.padEnd(width)}  ${pct(lever.successProbability)} (${sign}${(lever.successChange * 100).toFixed(1)} points)`,
      );
    }
  }
  lines.push('', ...fanChart(options, result));
  if (dataSource) lines.push('', `Historical data: ${dataSource}.`);
  return lines.join('\n');
}

function fanChart(options: SimulationOptions, result: SimulationResult): string[] {
  const top = Math.max(...result.series.map((point) => point.p90), 1);
  const step = Math.max(1, Math.ceil(result.series.length / 16));
  const scale = (amount: number) => Math.min(FAN_WIDTH, Math.round((amount / top) * FAN_WIDTH));
  const lines = [`Wealth fan (. p10-p90, = p25-p75, | median; full width ${usd(top)})`];
  const last = result.series.length - 1;
  const shown = result.series.filter(
    (point) =>
      point.yearOffset % step === 0 ||
      point.yearOffset === options.yearsToRetirement ||
      point.yearOffset === last,
  );
  for (const point of shown) {
    const cells = Array.from({ length: FAN_WIDTH + 1 }, () => ' ');
    for (let cell = scale(point.p10); cell <= scale(point.p90); cell++) cells[cell] = '.';
    for (let cell = scale(point.p25); cell <= scale(point.p75); cell++) cells[cell] = '=';
    cells[scale(point.p50)] = '|';
    const label = point.age === null ? `year ${point.yearOffset}` : `age ${point.age}`;
    const marker = point.yearOffset === options.yearsToRetirement ? '*' : ' ';
    lines.push(`${label.padStart(8)}${marker} ${cells.join('').trimEnd()}  ${usd(point.p50)}`);
  }
  return lines;
}
