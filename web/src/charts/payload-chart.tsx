import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Chart } from '../api/types.ts';
import { formatPct, formatUsd, formatUsdCompact } from '../format.ts';
import { DataTable } from './data-table.tsx';

// One chart of the Charter's payload, drawn by its `type`, with its values as a table.

function ChartDrawing({ chart }: { chart: Chart }) {
  const data = chart.data;
  const tooltip = <Tooltip formatter={(value) => formatUsd(Number(value))} />;
  switch (chart.type) {
    case 'pie':
    case 'donut':
      return (
        <PieChart>
          <Pie
            data={data}
            dataKey="value"
            nameKey="name"
            innerRadius={chart.type === 'donut' ? '55%' : 0}
            outerRadius="90%"
            isAnimationActive={false}
          >
            {data.map((point) => (
              <Cell key={point.name} fill={point.color} />
            ))}
          </Pie>
          {tooltip}
        </PieChart>
      );
    case 'bar':
    case 'horizontalBar': {
      const horizontal = chart.type === 'horizontalBar';
      return (
        <BarChart
          data={data}
          layout={horizontal ? 'vertical' : 'horizontal'}
          margin={{ left: 8, right: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          {horizontal ? (
            <>
              <XAxis type="number" tickFormatter={formatUsdCompact} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
            </>
          ) : (
            <>
              <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
              <YAxis tickFormatter={formatUsdCompact} width={64} tick={{ fontSize: 12 }} />
            </>
          )}
          {tooltip}
          <Bar dataKey="value" isAnimationActive={false}>
            {data.map((point) => (
              <Cell key={point.name} fill={point.color} />
            ))}
          </Bar>
        </BarChart>
      );
    }
    case 'line':
    case 'area': {
      const Drawing = chart.type === 'line' ? LineChart : AreaChart;
      const colour = data[0]?.color ?? '#2563eb';
      return (
        <Drawing data={data} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={formatUsdCompact} width={64} tick={{ fontSize: 12 }} />
          {tooltip}
          {chart.type === 'line' ? (
            <Line dataKey="value" stroke={colour} isAnimationActive={false} />
          ) : (
            <Area dataKey="value" stroke={colour} fill={colour} isAnimationActive={false} />
          )}
        </Drawing>
      );
    }
  }
}

export function PayloadChart({ chartKey, chart }: { chartKey: string; chart: Chart }) {
  const share = (value: number) => (chart.total !== 0 ? (value / chart.total) * 100 : null);
  const summary = `${chart.title}: ${chart.data
    .map((point) => `${point.name} ${formatUsd(point.value)}`)
    .join(', ')}; total ${formatUsd(chart.total)}.`;
  return (
    <figure className="chart" data-chart-key={chartKey}>
      <figcaption>
        {chart.title}
        {chart.description && <span className="chart-description">{chart.description}</span>}
      </figcaption>
      <div className="chart-body" role="img" aria-label={summary}>
        <ResponsiveContainer
          width="100%"
          height={chart.type === 'horizontalBar' ? Math.max(200, chart.data.length * 32) : 240}
        >
          <ChartDrawing chart={chart} />
        </ResponsiveContainer>
      </div>
      {(chart.type === 'pie' || chart.type === 'donut') && (
        <ul className="legend">
          {chart.data.map((point) => (
            <li key={point.name}>
              <span className="swatch" style={{ background: point.color }} aria-hidden="true" />
              {point.name} <span className="muted">{formatPct(share(point.value))}</span>
            </li>
          ))}
        </ul>
      )}
      <DataTable
        caption={chart.title}
        rows={chart.data}
        rowKey={(point) => point.name}
        columns={[
          { header: 'Name', cell: (point) => point.name },
          { header: 'Value', cell: (point) => formatUsd(point.value, true), numeric: true },
          { header: 'Share', cell: (point) => formatPct(share(point.value)), numeric: true },
        ]}
        footer={['Total', formatUsd(chart.total, true), formatPct(chart.total !== 0 ? 100 : null)]}
      />
    </figure>
  );
}
