import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { formatPct, formatUsd, humanKey } from '../format.ts';
import { colourAt } from './palette.ts';
import { DataTable } from './data-table.tsx';

export interface DonutSlice {
  key: string;
  pct: number;
  valueUsd: number | null;
  color?: string;
}

/** An allocation as a donut, with a legend and the values as a table. */
export function DonutChart({ title, slices }: { title: string; slices: DonutSlice[] }) {
  const data = slices.map((slice, index) => ({
    ...slice,
    name: humanKey(slice.key),
    fill: slice.color ?? colourAt(index),
  }));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div
        className="chart-body chart-donut"
        role="img"
        aria-label={`${title}: ${data.map((slice) => `${slice.name} ${formatPct(slice.pct)}`).join(', ')}`}
      >
        <ResponsiveContainer width="100%" height={200}>
          <PieChart>
            <Pie
              data={data}
              dataKey="pct"
              nameKey="name"
              innerRadius="55%"
              outerRadius="90%"
              isAnimationActive={false}
            >
              {data.map((slice) => (
                <Cell key={slice.key} fill={slice.fill} />
              ))}
            </Pie>
            <Tooltip formatter={(value) => formatPct(Number(value))} />
          </PieChart>
        </ResponsiveContainer>
      </div>
      <ul className="legend">
        {data.map((slice) => (
          <li key={slice.key}>
            <span className="swatch" style={{ background: slice.fill }} aria-hidden="true" />
            {slice.name} <span className="muted">{formatPct(slice.pct)}</span>
          </li>
        ))}
      </ul>
      <DataTable
        caption={title}
        rows={data}
        rowKey={(slice) => slice.key}
        columns={[
          { header: 'Slice', cell: (slice) => slice.name },
          { header: 'Share', cell: (slice) => formatPct(slice.pct), numeric: true },
          { header: 'Value', cell: (slice) => formatUsd(slice.valueUsd), numeric: true },
        ]}
      />
    </figure>
  );
}
