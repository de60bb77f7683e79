import type { Job } from '../api/types.ts';
import { withSettingsNames } from '../profile-fields.ts';
import { Link } from '../router.tsx';

// Why an analysis has no retirement plan, in the Retirement plan tab itself: the planner
// records each specialist it did not run, with the reason, in the job's summary
// (summary_payload.routing.skipped), and marks the ones the user's profile rules out.

type Skip = NonNullable<NonNullable<Job['summary_payload']>['routing']>['skipped'][number];

/**
 * The Retirement agent's skip, if it was skipped: the recorded entry, or null when the job
 * says it was skipped but recorded no reason. Undefined when it was not skipped.
 */
export function retirementSkip(job: Pick<Job, 'summary_payload'>): Skip | null | undefined {
  const summary = job.summary_payload;
  const recorded = summary?.routing?.skipped.find((entry) => entry.agent === 'retirement');
  if (recorded) return recorded;
  return summary?.status_by_agent.retirement === 'skipped' ? null : undefined;
}

/** A message as a sentence: capital first letter, one full stop at the end. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function RetirementSkipped({ skip }: { skip: Skip | null }) {
  if (skip === null) {
    return (
      <p className="muted">
        No retirement plan in this analysis: the Retirement agent was skipped, and the analysis
        recorded no reason.
      </p>
    );
  }
  if (skip.about !== 'profile') {
    return (
      <p className="muted">
        No retirement plan in this analysis: the Retirement agent was skipped.{' '}
        {asSentence(skip.reason)}
      </p>
    );
  }
  return (
    <div>
      <p>
        No retirement plan in this analysis: the Retirement agent was skipped because of your
        profile.
      </p>
      <p className="muted">{asSentence(withSettingsNames(skip.reason))}</p>
      <p>
        <Link href="/settings">Change your profile in Settings</Link>, then run a new analysis.
      </p>
    </div>
  );
}
