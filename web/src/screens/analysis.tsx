import { AgentProgressPanel } from '../analysis/agent-progress-panel.tsx';
import { ChartsTab } from '../analysis/charts-tab.tsx';
import { ReportTab } from '../analysis/report-tab.tsx';
import { RetirementSkipped, retirementSkip } from '../analysis/retirement-skipped.tsx';
import { RetirementTab } from '../analysis/retirement-tab.tsx';
import { Tabs, type TabDefinition } from '../analysis/tabs.tsx';
import { useAgentProgress } from '../analysis/use-agent-progress.ts';
import { isFinished, useJob, useJobs, useStartAnalysis } from '../api/queries.ts';
import type { Job } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/status.tsx';
import { formatDateTime, humanKey } from '../format.ts';
import { Link, navigate } from '../router.tsx';

/** Agents a partial job names as failed: the API's list, else the summary's statuses. */
export function failedAgents(job: Job): string[] {
  if (job.failed_agents && job.failed_agents.length > 0) return job.failed_agents;
  const statuses = job.summary_payload?.status_by_agent ?? {};
  return Object.entries(statuses)
    .filter(([, status]) => status === 'failed')
    .map(([agent]) => agent);
}

/** Ends a server's message with one full stop, whether or not it brought its own. */
function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function isPartial(job: Job): boolean {
  return job.partial;
}

function StartButton({ label }: { label: string }) {
  const start = useStartAnalysis();
  return (
    <div className="actions">
      <button
        type="button"
        className="primary"
        disabled={start.isPending}
        onClick={() =>
          start.mutate(undefined, { onSuccess: (answer) => navigate(`/analysis/${answer.job_id}`) })
        }
      >
        {start.isPending ? 'Starting…' : label}
      </button>
      {start.error && (
        <div role="alert" className="notice notice-error">
          Could not start an analysis: {start.error.message}
        </div>
      )}
    </div>
  );
}

/** The summary line shown above the progress: a finished job's, unless it failed. */
function shownSummary(job: Job, finished: boolean): string | null {
  // A failed job's summary repeats its error, which the alert already shows.
  if (!finished || job.status === 'failed') return null;
  return job.summary_payload?.summary || null;
}

/**
 * Whether the shown summary already gives each failed agent's error (the pipeline writes
 * "<agent> failed: <error>" for each), so the partial notice need not repeat it.
 */
function summaryGivesErrors(summary: string | null, failed: string[]): boolean {
  return (
    summary !== null &&
    failed.length > 0 &&
    failed.every((agent) => summary.includes(`${agent} failed:`))
  );
}

function JobOutcome({ job, summary }: { job: Job; summary: string | null }) {
  if (job.status === 'failed') {
    return (
      <div role="alert" className="notice notice-error" data-testid="job-failed">
        The analysis failed: {asSentence(job.error_message ?? 'no reason was recorded')}
      </div>
    );
  }
  const failed = failedAgents(job);
  if (isPartial(job)) {
    return (
      <div role="status" className="notice notice-warn" data-testid="job-partial">
        Partly done: {failed.length > 0 ? failed.map(humanKey).join(', ') : 'a specialist'} failed;
        the other results are shown below.
        {job.error_message && !summaryGivesErrors(summary, failed) && <> ({job.error_message})</>}
      </div>
    );
  }
  return null;
}

function ResultTabs({ job }: { job: Job }) {
  const tabs: TabDefinition[] = [];
  const missing = (what: string) => () => (
    <p className="muted">
      No {what} in this analysis{isPartial(job) ? ': its agent failed' : ''}.
    </p>
  );
  tabs.push({
    id: 'report',
    label: 'Report',
    content: job.report_payload
      ? () => <ReportTab report={job.report_payload!} jobId={job.id} />
      : missing('report'),
  });
  tabs.push({
    id: 'charts',
    label: 'Charts',
    content: job.charts_payload
      ? () => <ChartsTab charts={job.charts_payload!} jobId={job.id} />
      : missing('charts'),
  });
  const skip = retirementSkip(job);
  tabs.push({
    id: 'retirement',
    label: 'Retirement plan',
    content: job.retirement_payload
      ? () => <RetirementTab retirement={job.retirement_payload!} />
      : skip !== undefined
        ? () => <RetirementSkipped skip={skip} />
        : missing('retirement plan'),
  });
  return <Tabs tabs={tabs} label="Analysis results" />;
}

function JobView({ jobId, offerRerun }: { jobId: string; offerRerun: boolean }) {
  const query = useJob(jobId);
  const job = query.data;
  const finished = isFinished(job);
  const progress = useAgentProgress(jobId, job, finished);
  if (query.isPending) return <Loading what="the analysis" />;
  if (query.error) return <ErrorNotice error={query.error} what="the analysis" />;
  if (!job) return null;
  const summary = shownSummary(job, finished);
  return (
    <>
      <p className="muted">
        Started {formatDateTime(job.created_at)} ·{' '}
        <span data-testid="job-status" data-status={job.status}>
          {finished ? humanKey(isPartial(job) ? 'partial' : job.status) : 'Running…'}
        </span>
      </p>
      {summary && <p>{summary}</p>}
      <details open={!finished} className="progress-details">
        <summary>Progress by agent</summary>
        <AgentProgressPanel progress={progress} />
      </details>
      <JobOutcome job={job} summary={summary} />
      {finished && job.status !== 'failed' && <ResultTabs job={job} />}
      {finished && offerRerun && <StartButton label="Run a new analysis" />}
    </>
  );
}

function LatestJob() {
  const jobs = useJobs();
  if (jobs.isPending) return <Loading what="past analyses" />;
  if (jobs.error) return <ErrorNotice error={jobs.error} what="past analyses" />;
  const latest = jobs.data[0];
  if (!latest) {
    return (
      <>
        <p>
          No analysis yet. Start one: five agents read your portfolio and write a report, charts and
          a retirement plan.
        </p>
        <StartButton label="Start an analysis" />
      </>
    );
  }
  return (
    <>
      <StartButton label="Start a new analysis" />
      <h2>Latest analysis</h2>
      <JobView key={latest.id} jobId={latest.id} offerRerun={false} />
    </>
  );
}

export default function AnalysisScreen({ jobId }: { jobId: string | null }) {
  return (
    <section>
      <h1>Analysis</h1>
      {jobId ? (
        <>
          <p>
            <Link href="/history">All analyses</Link>
          </p>
          <JobView jobId={jobId} offerRerun />
        </>
      ) : (
        <LatestJob />
      )}
    </section>
  );
}
