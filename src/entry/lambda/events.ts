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

/**
 * An API Gateway HTTP API request in payload format 2.0 (infra/terraform/agents/api.tf); only
 * what the API function's adapter reads is checked. Format 1.0 (a REST API, or an HTTP API
 * integration set to 1.0) has no `rawPath` and is refused with this schema's message.
 */
export const httpApiEventSchema = z
  .object({
    version: z.literal('2.0', { error: 'must be "2.0" (API Gateway payload format 2.0)' }),
    rawPath: z.string().startsWith('/'),
    rawQueryString: z.string(),
    headers: z.record(z.string(), z.string().optional()),
    body: z.string().nullish(),
    isBase64Encoded: z.boolean(),
    requestContext: z.object({ http: z.object({ method: z.string().min(1) }).loose() }).loose(),
  })
  .loose();
