import { z } from 'zod';
import { problemSchema } from '../../contracts/api.ts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input: `detail` names the field and the rule',
  401: 'missing or invalid credentials',
  404: 'no such row for this caller (another user’s row is reported the same way)',
  409: 'conflicts with the current state',
  413: 'body larger than 1 MB',
  415: 'body is not application/json',
  429: 'too many requests; see Retry-After',
  500: 'internal error (details in the server log only)',
};

/** Problem responses for the OpenAPI document: every route can answer 401 and 500 too. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    [...new Set([...statuses, 401, 500])].map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? 'error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
      },
    ]),
  );
}

export function jsonBody<Schema extends z.ZodType>(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** `{id}` in a path: any string here, checked as a UUID by the repository (400 otherwise). */
export const idParams = z.object({
  id: z
    .string()
    .max(100)
    .meta({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
});

export const SECURED = [{ bearer: [] }];
