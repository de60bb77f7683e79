import { PayloadChart } from '../charts/payload-chart.tsx';
import type { ChartsPayload } from '../api/types.ts';

export function ChartsTab({ charts, jobId }: { charts: ChartsPayload; jobId: string }) {
  const entries = Object.entries(charts);
  return (
    <div>
      <p className="muted">
        {entries.length} charts chosen by the Charter; values are US dollars ·{' '}
        <a href={`/api/jobs/${jobId}/charts.json`} download>
          Download charts.json
        </a>
      </p>
      <div className="chart-grid">
        {entries.map(([key, chart]) => (
          <PayloadChart key={key} chartKey={key} chart={chart} />
        ))}
      </div>
    </div>
  );
}
