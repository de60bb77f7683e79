import { lazy, Suspense } from 'react';
import type { DriftRow } from '../api/portfolio.ts';
import {
  isUnreadable,
  runningJob,
  useAccounts,
  useJobs,
  usePopulateDemo,
  usePortfolio,
  useUser,
} from '../api/queries.ts';
import type { JobListItem, UnreadableJob } from '../api/types.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { ErrorNotice, Loading } from '../components/status.tsx';
import { formatPct, formatSignedPct, formatUsd, humanKey, toNumber } from '../format.ts';
import { Link } from '../router.tsx';
import { XrayRules } from './xray-rules.tsx';

// Recharts is the largest dependency: the donuts load after the figures.
const AllocationDonuts = lazy(() => import('../charts/allocation-donuts.tsx'));

function EmptyState() {
  const populate = usePopulateDemo();
  return (
    <div className="empty-state">
      <h2>No accounts yet</h2>
      <p>Start from the demo portfolio to see what Alex does, or add your own accounts.</p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={populate.isPending}
          onClick={() => populate.mutate()}
        >
          {populate.isPending ? 'Loading the demo portfolio…' : 'Load the demo portfolio'}
        </button>
        <Link href="/accounts" className="button">
          Add an account
        </Link>
      </div>
      {populate.error && (
        <div role="alert" className="notice notice-error">
          Could not load the demo portfolio: {populate.error.message}
        </div>
      )}
    </div>
  );
}

function DriftTable({ title, rows }: { title: string; rows: DriftRow[] }) {
  if (rows.length === 0) return null;
  return (
    <ScrollTable label={`Drift: ${title}`}>
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col" className="num">
              Actual
            </th>
            <th scope="col" className="num">
              Drift
            </th>
            <th scope="col" className="num">
              To rebalance
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{humanKey(row.key)}</th>
              <td className="num">{formatPct(row.targetPct)}</td>
              <td className="num">{formatPct(row.actualPct)}</td>
              <td className={`num ${Math.abs(row.driftPct) >= 5 ? 'drift-large' : ''}`}>
                {formatSignedPct(row.driftPct)}
              </td>
              <td className="num">
                {row.rebalanceUsd === null
                  ? '—'
                  : `${row.rebalanceUsd >= 0 ? 'buy' : 'sell'} ${formatUsd(Math.abs(row.rebalanceUsd))}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** An analysis in progress (the one `npm start` starts, say), one click from following it live. */
function RunningAnalysis() {
  const running = runningJob(useJobs().data);
  if (!running) return null;
  return (
    <div className="notice" role="status" data-testid="running-analysis">
      An analysis of your portfolio is running.{' '}
      <Link href={`/analysis/${running.id}`}>Follow it live</Link>
    </div>
  );
}

function latestWithRetirement(
  jobs: Array<JobListItem | UnreadableJob> | undefined,
): JobListItem | undefined {
  return jobs?.find(
    (job): job is JobListItem => !isUnreadable(job) && job.retirement_headline !== null,
  );
}

function RetirementCard() {
  const jobs = useJobs();
  const user = useUser();
  const job = latestWithRetirement(jobs.data);
  const results = job?.retirement_headline;
  const targetIncome = toNumber(user.data?.target_retirement_income);
  return (
    <div className="card retirement-card">
      <h2 className="card-label">Retirement</h2>
      {!results || !job ? (
        <p>
          No projection yet. <Link href="/analysis">Run an analysis</Link> to see your chances.
        </p>
      ) : (
        <>
          <p className="card-value" data-testid="dashboard-success">
            {formatPct(results.success_probability)}
            {typeof results.success_standard_error === 'number' && (
              <span className="muted">
                {' '}
                ± {(results.success_standard_error * 1.96).toFixed(1)} pts
              </span>
            )}
          </p>
          <p className="muted">chance the money lasts</p>
          <p>
            Sustainable spending {formatUsd(results.sustainable_spending_at_90pct)} a year vs target{' '}
            {formatUsd(targetIncome)}
          </p>
          <Link href={`/analysis/${job.id}`}>See the plan</Link>
        </>
      )}
    </div>
  );
}

export function Dashboard() {
  const accounts = useAccounts();
  const portfolio = usePortfolio();
  if (accounts.isPending) return <Loading what="your accounts" />;
  if (accounts.error) return <ErrorNotice error={accounts.error} what="your accounts" />;
  return (
    <section>
      <h1>Dashboard</h1>
      <RunningAnalysis />
      {accounts.data.length === 0 ? (
        <EmptyState />
      ) : (
        <>
          {portfolio.error && (
            <ErrorNotice error={portfolio.error} what="the portfolio analytics" />
          )}
          <div className="cards">
            <div className="card">
              <p className="card-label">Total value</p>
              <p className="card-value" data-testid="total-value">
                {formatUsd(portfolio.data?.totalUsd)}
              </p>
            </div>
            <div className="card">
              <p className="card-label">Cash</p>
              <p className="card-value">{formatUsd(portfolio.data?.cashUsd)}</p>
            </div>
            <div className="card">
              <p className="card-label">Accounts</p>
              <p className="card-value">{accounts.data.length}</p>
              <Link href="/accounts">Manage accounts</Link>
            </div>
            <RetirementCard />
          </div>
          {portfolio.data && portfolio.data.unpricedSymbols.length > 0 && (
            <div className="notice notice-warn" role="note">
              No price is known for {portfolio.data.unpricedSymbols.join(', ')}: left out of the
              totals.
            </div>
          )}
          {portfolio.isPending && <Loading what="the allocation" />}
          {portfolio.data && (
            <>
              <h2>Allocation</h2>
              <Suspense fallback={<Loading what="charts" />}>
                <AllocationDonuts allocation={portfolio.data.allocation} />
              </Suspense>
              {(portfolio.data.drift.assetClass.length > 0 ||
                portfolio.data.drift.region.length > 0) && (
                <>
                  <h2>Drift from your targets</h2>
                  <DriftTable title="Asset classes" rows={portfolio.data.drift.assetClass} />
                  <DriftTable title="Regions (stocks)" rows={portfolio.data.drift.region} />
                </>
              )}
              <h2>X-ray</h2>
              <XrayRules />
            </>
          )}
        </>
      )}
    </section>
  );
}
