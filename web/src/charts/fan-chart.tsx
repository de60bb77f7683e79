import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatUsd, formatUsdCompact } from '../format.ts';
import { DataTable } from './data-table.tsx';

export interface FanPoint {
  age: number | null;
  year?: number;
  p10: number;
  p50: number;
  p90: number;
}

/**
 * Wealth by age: the p10-p90 band with the median drawn through it. Recharts stacks the band
 * as a transparent p10 base plus a (p90 - p10) area on top.
 */
export function FanChart({ title, series }: { title: string; series: FanPoint[] }) {
  const data = series.map((point, index) => ({
    label: point.age ?? point.year ?? index,
    base: point.p10,
    band: Math.max(0, point.p90 - point.p10),
    ...point,
  }));
  const first = series[0];
  const last = series.at(-1);
  const summary =
    first && last
      ? `${title}: median ${formatUsd(first.p50)} at the start, ${formatUsd(last.p50)} at the end; ` +
        `at the end 10% of paths are below ${formatUsd(last.p10)} and 10% above ${formatUsd(last.p90)}.`
      : `${title}: no data.`;
  return (
    <figure className="chart fan-chart">
      <figcaption>{title}</figcaption>
      <div className="chart-body" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={280}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis
              tickFormatter={(value: number) => formatUsdCompact(value)}
              tick={{ fontSize: 12 }}
              width={64}
            />
            <Tooltip
              formatter={(value, name) => [formatUsd(Number(value)), String(name)]}
              labelFormatter={(label) =>
                typeof label === 'number' || typeof label === 'string' ? `Age ${label}` : ''
              }
            />
            <Area
              dataKey="base"
              stackId="fan"
              stroke="none"
              fill="transparent"
              name="p10"
              isAnimationActive={false}
              legendType="none"
              tooltipType="none"
            />
            <Area
              dataKey="band"
              stackId="fan"
              stroke="none"
              fill="var(--accent)"
              fillOpacity={0.25}
              name="p10–p90 range"
              isAnimationActive={false}
              tooltipType="none"
            />
            <Line
              dataKey="p10"
              stroke="var(--accent)"
              strokeDasharray="4 3"
              dot={false}
              name="p10"
              isAnimationActive={false}
            />
            <Line
              dataKey="p50"
              stroke="var(--accent)"
              strokeWidth={2}
              dot={false}
              name="Median"
              isAnimationActive={false}
            />
            <Line
              dataKey="p90"
              stroke="var(--accent)"
              strokeDasharray="4 3"
              dot={false}
              name="p90"
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        caption={title}
        rows={series}
        rowKey={(point, index) => `${point.age ?? point.year ?? ''}-${index}`}
        columns={[
          { header: 'Age', cell: (point) => point.age ?? '—' },
          { header: 'p10', cell: (point) => formatUsd(point.p10), numeric: true },
          { header: 'Median', cell: (point) => formatUsd(point.p50), numeric: true },
          { header: 'p90', cell: (point) => formatUsd(point.p90), numeric: true },
        ]}
      />
    </figure>
  );
}
