import { handleJobMessage } from '../../jobs/index.ts';
import { parseJson, parseWith } from '../../parse-json.ts';
import { z } from 'zod';
import { jobEventSchema, sqsEventSchema, type SqsBatchResponse } from './events.ts';
import { lambdaRuntime, type LambdaRuntime } from './runtime.ts';

/**
 * The planner function: consumes SQS batches (or a direct `{"job_id"}` invoke). A record whose
 * job crashed is reported in batchItemFailures, so SQS delivers it again and, after
 * maxReceiveCount, moves it to the dead-letter queue; a finished job (even failed or partial)
 * is acknowledged. A failed record's redelivery is brought forward (redelivery.ts).
 */
export function createPlannerHandler(runtime: () => Promise<LambdaRuntime>) {
  return async (
    event: unknown,
  ): Promise<SqsBatchResponse | { job_id: string; outcome: string }> => {
    const { jobs, services, specialistRunner, deferRedelivery } = await runtime();
    const options = specialistRunner ? { runSpecialist: specialistRunner } : {};
    if (event !== null && typeof event === 'object' && 'job_id' in event) {
      const { job_id: jobId } = parseWith(jobEventSchema, event, 'event');
      const outcome = await handleJobMessage(jobs.deps, { job_id: jobId }, options);
      return {
        job_id: jobId,
        outcome: outcome.kind === 'processed' ? outcome.status : outcome.kind,
      };
    }
    const batch = parseWith(sqsEventSchema, event, 'event');
    const failures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of batch.Records) {
      try {
        await handleJobMessage(jobs.deps, messageBody(record.body), options);
      } catch (error) {
        services.logger.error({
          event: 'record-fail',
          messageId: record.messageId,
          error: String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
        if (deferRedelivery && record.receiptHandle) {
          // Best effort: if it fails, the queue's own visibility timeout still applies.
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
      }
    }
    return { batchItemFailures: failures };
  };
}

/** A body is `{"job_id": …}` (JSON) or, as the original sender sometimes did, the bare job id. */
function messageBody(body: string): unknown {
  const text = body.trim();
  return text.startsWith('{') || text.startsWith('"') ? parseJson(text, z.unknown(), 'body') : text;
}

export const handler = createPlannerHandler(lambdaRuntime);
