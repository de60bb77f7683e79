import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable } from '../charts/data-table.tsx';
import { FanChart, type FanPoint } from '../charts/fan-chart.tsx';
import { ScrollTable } from '../components/scroll-table.tsx';
import { formatPct, formatUsd, humanKey } from '../format.ts';

// The retirement projection's figures, shared by the analysis (retirement_payload) and the
// what-if screen (POST /api/simulate): both carry the same engine's numbers.

export interface RetirementFiguresData {
  successPct: number;
  /** Half-width of the 95% range in points (1.96 standard errors), when known. */
  marginPct: number | null;
  simulations: number | null;
  medianAtRetirementUsd: number | null;
  sustainableSpendingUsd: number | null;
  series: FanPoint[];
  depletion: Array<{ age: number | null; count: number }>;
  incomeMinimum: { p10: number; p50: number; p90: number } | null;
  incomeByYear: Array<{ retirement_year: number; p10: number; p50: number; p90: number }>;
  levers: Array<{ lever: string; change: string; success_probability: number }>;
}

export function SuccessFigure({ data }: { data: RetirementFiguresData }) {
  return (
    <p className="big-figure" data-testid="success-probability">
      <span className="big-number">{formatPct(data.successPct)}</span>
      {data.marginPct !== null && <span className="muted"> ± {data.marginPct.toFixed(1)} pts</span>}
      <span className="big-label">chance the money lasts</span>
    </p>
  );
}

function DepletionAges({ data }: { data: RetirementFiguresData }) {
  const depleted = data.depletion.filter((bucket) => bucket.count > 0);
  if (depleted.length === 0) {
    return <p>No simulated path ran out of money.</p>;
  }
  const share = (count: number) => (data.simulations ? (count / data.simulations) * 100 : null);
  const rows = depleted.map((bucket) => ({ ...bucket, label: bucket.age ?? 'unknown' }));
  return (
    <figure className="chart">
      <figcaption>Age when the money runs out (paths that fail)</figcaption>
      <div
        className="chart-body"
        role="img"
        aria-label={`Depletion ages: ${rows.map((row) => `age ${row.label}: ${row.count} paths`).join(', ')}`}
      >
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Bar dataKey="count" name="Paths" fill="var(--danger)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        caption="Depletion ages"
        rows={rows}
        rowKey={(row) => String(row.label)}
        columns={[
          { header: 'Age', cell: (row) => row.label },
          { header: 'Paths', cell: (row) => row.count, numeric: true },
          { header: 'Share of paths', cell: (row) => formatPct(share(row.count)), numeric: true },
        ]}
      />
    </figure>
  );
}

export function RetirementFigures({ data }: { data: RetirementFiguresData }) {
  return (
    <div className="retirement">
      <div className="cards">
        <div className="card">
          <SuccessFigure data={data} />
          {data.simulations !== null && (
            <p className="muted">{data.simulations.toLocaleString()} simulated paths</p>
          )}
        </div>
        <div className="card">
          <p className="card-label">Median wealth at retirement</p>
          <p className="card-value">{formatUsd(data.medianAtRetirementUsd)}</p>
        </div>
        <div className="card">
          <p className="card-label">Sustainable spending (90% success)</p>
          <p className="card-value">{formatUsd(data.sustainableSpendingUsd)}</p>
          <p className="muted">a year, in today&apos;s dollars</p>
        </div>
      </div>
      <FanChart title="Wealth by age (p10, median, p90; today's dollars)" series={data.series} />
      <h3>Depletion ages</h3>
      <DepletionAges data={data} />
      <h3>Income in retirement</h3>
      {data.incomeMinimum ? (
        <>
          <p>
            Lowest yearly spending along a path: p10 {formatUsd(data.incomeMinimum.p10)}, median{' '}
            {formatUsd(data.incomeMinimum.p50)}, p90 {formatUsd(data.incomeMinimum.p90)}.
          </p>
          {data.incomeByYear.length > 0 && (
            <DataTable
              caption="Real spending paid by year of retirement"
              rows={data.incomeByYear}
              rowKey={(row) => String(row.retirement_year)}
              columns={[
                { header: 'Year of retirement', cell: (row) => row.retirement_year },
                { header: 'p10', cell: (row) => formatUsd(row.p10), numeric: true },
                { header: 'Median', cell: (row) => formatUsd(row.p50), numeric: true },
                { header: 'p90', cell: (row) => formatUsd(row.p90), numeric: true },
              ]}
            />
          )}
        </>
      ) : (
        <p className="muted">Income percentiles are not part of this projection.</p>
      )}
      <h3>Levers</h3>
      {data.levers.length > 0 ? (
        <ScrollTable label="Levers">
          <table>
            <caption className="visually-hidden">
              What each lever does to the chance of success
            </caption>
            <thead>
              <tr>
                <th scope="col">Lever</th>
                <th scope="col">Change</th>
                <th scope="col" className="num">
                  Success
                </th>
              </tr>
            </thead>
            <tbody>
              {data.levers.map((lever) => (
                <tr key={`${lever.lever}-${lever.change}`}>
                  <td>{humanKey(lever.lever)}</td>
                  <td>{lever.change}</td>
                  <td className="num">{formatPct(lever.success_probability)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : (
        <p className="muted">No levers were computed.</p>
      )}
    </div>
  );
}
