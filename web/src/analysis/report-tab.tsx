import type { ReportPayload } from '../api/types.ts';
import { formatDateTime } from '../format.ts';
import { MarkdownText } from './markdown.tsx';

function FactCheck({ factCheck }: { factCheck: ReportPayload['fact_check'] }) {
  const { figures, mismatches, repaired } = factCheck;
  if (mismatches.length === 0) {
    return (
      <div className="notice notice-ok" data-testid="fact-check">
        Fact check passed: all {figures} figures in the report match the computed analytics
        {repaired ? ' (after one repair round)' : ''}.
      </div>
    );
  }
  return (
    <div className="notice notice-warn" role="note" data-testid="fact-check">
      <p>
        Fact check: {mismatches.length} of {figures} figures do not match the computed analytics.
        Treat them with care:
      </p>
      <ul>
        {mismatches.map((mismatch, index) => (
          <li key={index}>
            <q>{mismatch.text}</q>: {mismatch.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReportTab({ report, jobId }: { report: ReportPayload; jobId: string }) {
  return (
    <article className="report">
      <FactCheck factCheck={report.fact_check} />
      <p className="muted">
        Written by {report.model === 'offline' ? 'the offline writer (no model)' : report.model} at{' '}
        {formatDateTime(report.generated_at)} ·{' '}
        <a href={`/api/jobs/${jobId}/report.md`} download>
          Download report.md
        </a>
      </p>
      <MarkdownText text={report.content} />
      {report.sources.length > 0 && (
        <section>
          <h3>Sources</h3>
          <ul>
            {report.sources.map((source) => (
              <li key={source.id}>{source.title}</li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
