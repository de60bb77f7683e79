import { handleJobMessage, reapOverdueJobs, type ReapResult } from '../../jobs/index.ts';
import { parseJson, parseWith } from '../../parse-json.ts';
import { z } from 'zod';
import {
  jobEventSchema,
  reapEventSchema,
  sqsEventSchema,
  type LambdaContext,
  type SqsBatchResponse,
  type SqsEvent,
} from './events.ts';
import { lambdaRuntime, type LambdaRuntime } from './runtime.ts';
import { depsWithinInvocation, guardSpecialistRunner } from './time-guard.ts';

export type PlannerResponse =
  SqsBatchResponse | { job_id: string; outcome: string } | { reap: ReapResult };

/**
 * The planner function: consumes SQS batches (or a direct `{"job_id"}` invoke). A record whose
 * job crashed is reported in batchItemFailures, so SQS delivers it again and, after
 * maxReceiveCount, moves it to the dead-letter queue; on that last delivery the crash fails
 * the job, so no job is left waiting for a message SQS has parked. A finished job (even failed
 * or partial) is acknowledged. A failed record's redelivery is brought forward (redelivery.ts).
 * Every job ends before the invocation's time limit (time-guard.ts). The reaper's schedule
 * invokes it with `{"alex": "reap"}` (scheduler.tf).
 */
export function createPlannerHandler(runtime: () => Promise<LambdaRuntime>) {
  return async (event: unknown, context?: LambdaContext): Promise<PlannerResponse> => {
    const lambda = await runtime();
    if (event !== null && typeof event === 'object' && 'alex' in event) {
      parseWith(reapEventSchema, event, 'event');
      return { reap: await reapOnSchedule(lambda) };
    }
    const { jobs } = lambda;
    const runSpecialist =
      lambda.specialistRunner && context
        ? guardSpecialistRunner(lambda.specialistRunner, context)
        : lambda.specialistRunner;
    const options = runSpecialist ? { runSpecialist } : {};
    if (event !== null && typeof event === 'object' && 'job_id' in event) {
      const { job_id: jobId } = parseWith(jobEventSchema, event, 'event');
      const outcome = await handleJobMessage(
        depsWithinInvocation(jobs.deps, context),
        { job_id: jobId },
        options,
      );
      return {
        job_id: jobId,
        outcome: outcome.kind === 'processed' ? outcome.status : outcome.kind,
      };
    }
    const batch = parseWith(sqsEventSchema, event, 'event');
    const failures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of batch.Records) {
      const lastDelivery = isLastDelivery(record, lambda);
      try {
        await handleJobMessage(depsWithinInvocation(jobs.deps, context), messageBody(record.body), {
          ...options,
          lastDelivery,
        });
      } catch (error) {
        await reportFailedRecord(lambda, record, lastDelivery, error);
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

type SqsRecord = SqsEvent['Records'][number];

/** Whether SQS moves this record to the dead-letter queue if it fails now. */
function isLastDelivery(record: SqsRecord, lambda: LambdaRuntime): boolean {
  const maxReceiveCount = lambda.services.config.queue.sqsMaxReceiveCount;
  const receiveCount = record.attributes?.ApproximateReceiveCount;
  return (
    maxReceiveCount !== undefined && receiveCount !== undefined && receiveCount >= maxReceiveCount
  );
}

async function reportFailedRecord(
  { services, deferRedelivery }: LambdaRuntime,
  record: SqsRecord,
  lastDelivery: boolean,
  error: unknown,
): Promise<void> {
  services.logger.error({
    event: lastDelivery ? 'record-dead-letter' : 'record-fail',
    messageId: record.messageId,
    error: String(error),
  });
  if (!deferRedelivery || !record.receiptHandle) return;
  // Best effort: if it fails, the queue's own visibility timeout still applies. On the last
  // delivery this brings the move to the dead-letter queue (and its alarm) forward.
  await deferRedelivery(
    record.receiptHandle,
    record.attributes?.ApproximateReceiveCount ?? 1,
  ).catch((deferError: unknown) =>
    services.logger.warn({
      event: 'record-defer-fail',
      messageId: record.messageId,
      error: String(deferError),
    }),
  );
}

/**
 * The reaper, run by the schedule since no process on AWS stays up to run it: running jobs
 * whose planner was lost go back to the queue (an SQS message) while they have attempts left
 * and are failed with the reason otherwise; pending jobs whose message was lost are sent again.
 */
function reapOnSchedule({ services, jobs }: LambdaRuntime): Promise<ReapResult> {
  return reapOverdueJobs(
    {
      repositories: jobs.deps.repositories,
      queue: jobs.queue,
      logger: services.logger,
      heartbeatTimeoutMs: jobs.deps.settings.heartbeatTimeoutMs,
    },
    jobs.deps.now(),
  );
}

/** A body is `{"job_id": …}` (JSON) or, as the original sender sometimes did, the bare job id. */
function messageBody(body: string): unknown {
  const text = body.trim();
  return text.startsWith('{') || text.startsWith('"') ? parseJson(text, z.unknown(), 'body') : text;
}

export const handler = createPlannerHandler(lambdaRuntime);
