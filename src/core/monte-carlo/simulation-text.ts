import type { LeverResult } from './levers.ts';
import { returnAssumptionsLine } from './return-assumptions.ts';
import type { SimulationOptions, SimulationResult } from './types.ts';

const FAN_WIDTH = 50;

const usd = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;
const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

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
    `Success probability: ${pct(result.successProbability)}`,
    returnAssumptionsLine(options),
    `At retirement: median ${usd(result.percentilesAtRetirement.p50)}, mean ${usd(result.meanAtRetirement)} ` +
      `(p10 ${usd(result.percentilesAtRetirement.p10)}, p90 ${usd(result.percentilesAtRetirement.p90)})`,
    `At the end: median ${usd(result.percentilesAtEnd.p50)} (p10 ${usd(result.percentilesAtEnd.p10)}, p90 ${usd(result.percentilesAtEnd.p90)})`,
    `Sustainable at ${pct(result.sustainable.targetSuccess)} success: ${pct(result.sustainable.withdrawalRate)} of the balance at retirement, ` +
      `about ${usd(result.sustainable.spendingUsd)} a year`,
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
