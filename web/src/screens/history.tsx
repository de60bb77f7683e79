import { isUnreadable, useJobs } from '../api/queries.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { ErrorNotice, Loading } from '../components/status.tsx';
import { formatCostUsd, formatDateTime, humanKey } from '../format.ts';
import { Link } from '../router.tsx';

export default function HistoryScreen() {
  const jobs = useJobs();
  return (
    <section>
      <h1>History</h1>
      {jobs.isPending && <Loading what="past analyses" />}
      {jobs.error && <ErrorNotice error={jobs.error} what="past analyses" />}
      {jobs.data?.length === 0 && (
        <p>
          No analyses yet. <Link href="/analysis">Start one</Link>.
        </p>
      )}
      {jobs.data && jobs.data.length > 0 && (
        <ScrollTable label="Past analyses">
          <table>
            <caption className="visually-hidden">Past analyses, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col">Open or download</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((job) =>
                isUnreadable(job) ? (
                  <tr key={job.id}>
                    <td>{formatDateTime(job.created_at)}</td>
                    <td>
                      {humanKey(job.status)}
                      <div className="muted small">Unreadable: {job.error_message}</div>
                    </td>
                    <td className="num">—</td>
                    <td />
                  </tr>
                ) : (
                  <tr key={job.id}>
                    <td>{formatDateTime(job.created_at)}</td>
                    <td>
                      {humanKey(job.partial ? 'partial' : job.status)}
                      {job.error_message && <div className="muted small">{job.error_message}</div>}
                    </td>
                    <td className="num">{formatCostUsd(job.cost_usd)}</td>
                    <td className="links">
                      <Link href={`/analysis/${job.id}`}>Open</Link>
                      {job.has_report && (
                        <a href={`/api/jobs/${job.id}/report.md`} download>
                          report.md
                        </a>
                      )}
                      {job.has_charts && (
                        <a href={`/api/jobs/${job.id}/charts.json`} download>
                          charts.json
                        </a>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}
