import { z } from 'zod';

// The Lambda events Alex accepts, validated before anything runs. Only the fields used.

export const sqsEventSchema = z.object({
  Records: z.array(
    z
      .object({
        messageId: z.string().min(1),
        body: z.string(),
        eventSource: z.literal('aws:sqs').optional(),
        receiptHandle: z.string().optional(),
        attributes: z
          .object({ ApproximateReceiveCount: z.coerce.number().int().min(1).optional() })
          .loose()
          .optional(),
      })
      .loose(),
  ),
});
export type SqsEvent = z.infer<typeof sqsEventSchema>;

export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** A direct invoke of a job's agent: `{"job_id": "<uuid>"}`. */
export const jobEventSchema = z.object({ job_id: z.uuid() }).loose();

/** The tagger function classifies the instruments it is given, as the seed's tagger did. */
export const taggerEventSchema = z.object({
  instruments: z
    .array(z.object({ symbol: z.string(), name: z.string().optional() }).loose())
    .min(1),
});

/**
 * The scheduled reaper's invoke of the planner (EventBridge Scheduler, scheduler.tf): return
 * or fail the jobs whose planner was lost, as the local reaper does.
 */
export const reapEventSchema = z.object({ alex: z.literal('reap') }).strict();

/** The part of Lambda's invocation context Alex uses. */
export interface LambdaContext {
  /** Milliseconds before Lambda stops this invocation (its configured timeout). */
  getRemainingTimeInMillis(): number;
}
