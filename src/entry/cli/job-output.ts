import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, InputError } from '../../errors.ts';
import type { Job } from '../../store/repositories/index.ts';

export const DEFAULT_OUTPUT_DIRECTORY = 'alex-output';

/**
 * Make sure the outputs will have somewhere to go, before any job is created: finding out
 * after a job has run would throw its results away.
 */
export function prepareOutputDirectory(baseDirectory: string): void {
  try {
    mkdirSync(baseDirectory, { recursive: true });
  } catch (error) {
    throw InputError.field(
      '--output',
      `${baseDirectory} cannot be used as the output directory (${describeError(error)})`,
    );
  }
}

/** The final job as `analyze --json` prints it: status and every payload, in the wire shapes. */
export function jobAsJson(job: Job) {
  return {
    id: job.id,
    user_id: job.userId,
    status: job.status,
    error: job.error,
    attempts: job.attempts,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    request: job.request,
    report_payload: job.reportPayload,
    charts_payload: job.chartsPayload,
    retirement_payload: job.retirementPayload,
    summary_payload: job.summaryPayload,
  };
}

/** Write report.md, charts.json, retirement.json and summary.json; returns the files written. */
export function writeJobOutputs(
  job: Job,
  baseDirectory = DEFAULT_OUTPUT_DIRECTORY,
): { directory: string; files: string[] } {
  const directory = join(baseDirectory, job.id);
  mkdirSync(directory, { recursive: true });
  const files: string[] = [];
  const write = (name: string, content: string) => {
    writeFileSync(join(directory, name), content);
    files.push(join(directory, name));
  };
  if (job.reportPayload) write('report.md', job.reportPayload.content);
  if (job.chartsPayload) write('charts.json', `${JSON.stringify(job.chartsPayload, null, 2)}\n`);
  if (job.retirementPayload)
    write('retirement.json', `${JSON.stringify(job.retirementPayload, null, 2)}\n`);
  if (job.summaryPayload) write('summary.json', `${JSON.stringify(job.summaryPayload, null, 2)}\n`);
  return { directory, files };
}
