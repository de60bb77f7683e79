import { z } from 'zod';

/**
 * A queue message names one job. The body is `{"job_id": "<uuid>"}`; a bare job-id string
 * (as the original system sometimes sent) is accepted too.
 */
export const jobMessageSchema = z.union([
  z.object({ job_id: z.uuid() }).loose(),
  z.uuid().transform((jobId) => ({ job_id: jobId })),
]);
export type JobMessage = { job_id: string };
