import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import type { Problem } from '../../contracts/api.ts';
import {
  ConflictError,
  InputError,
  NotFoundError,
  RateLimitError,
  type FieldIssue,
} from '../../errors.ts';
import { redactSecrets } from '../../secret.ts';
import { AuthenticationError } from './auth/authenticator.ts';

// Every error leaves the API as an RFC 9457 problem document with one of these stable types
// and a `detail` string (the original front end shows `detail` as text; a list crashes it).
// The types are URNs: stable names for clients to branch on, not pages to fetch.
export const PROBLEM_TYPES = {
  invalidInput: 'urn:alex:problem:invalid-input',
  malformedJson: 'urn:alex:problem:malformed-json',
  unsupportedMediaType: 'urn:alex:problem:unsupported-media-type',
  bodyTooLarge: 'urn:alex:problem:body-too-large',
  unauthenticated: 'urn:alex:problem:unauthenticated',
  notFound: 'urn:alex:problem:not-found',
  methodNotAllowed: 'urn:alex:problem:method-not-allowed',
  conflict: 'urn:alex:problem:conflict',
  rateLimited: 'urn:alex:problem:rate-limited',
  internal: 'urn:alex:problem:internal',
  /** The API could not start (the Lambda's cold start failed); a later request may succeed. */
  unavailable: 'urn:alex:problem:unavailable',
} as const;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemAnswer {
  problem: Problem;
  headers: Record<string, string>;
}

function answer(
  type: string,
  title: string,
  status: number,
  detail: string,
  extra: Partial<Problem> = {},
  headers: Record<string, string> = {},
): ProblemAnswer {
  return { problem: { type, title, status, detail: redactSecrets(detail), ...extra }, headers };
}

/** The problem for an error a route threw; undefined for one the caller cannot be told about. */
export function problemFor(error: unknown): ProblemAnswer | undefined {
  if (error instanceof InputError) return invalidInput(error.issues);
  if (error instanceof NotFoundError) {
    return answer(PROBLEM_TYPES.notFound, 'Not found', 404, `${error.entity} not found`);
  }
  if (error instanceof ConflictError) {
    return answer(PROBLEM_TYPES.conflict, 'Conflict', 409, error.message);
  }
  if (error instanceof RateLimitError) {
    return answer(
      PROBLEM_TYPES.rateLimited,
      'Too many requests',
      429,
      `${error.message}; try again in ${error.retryAfterSeconds} s`,
      {},
      { 'retry-after': String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof AuthenticationError) {
    return answer(
      PROBLEM_TYPES.unauthenticated,
      'Unauthenticated',
      401,
      error.reason,
      {},
      { 'www-authenticate': 'Bearer' },
    );
  }
  if (error instanceof HTTPException) return httpProblem(error.status, error.message);
  return undefined;
}

/** The problem for a status Hono or a middleware produced (malformed JSON, 413, 415). */
export function httpProblem(status: number, message: string): ProblemAnswer {
  switch (status) {
    case 400:
      return answer(
        PROBLEM_TYPES.malformedJson,
        'Malformed JSON',
        400,
        `body: is not valid JSON (${message || 'could not be parsed'})`,
      );
    case 413:
      return answer(
        PROBLEM_TYPES.bodyTooLarge,
        'Body too large',
        413,
        `body: must be at most ${MAX_BODY_BYTES} bytes`,
      );
    case 415:
      return answer(
        PROBLEM_TYPES.unsupportedMediaType,
        'Unsupported media type',
        415,
        'content-type: must be application/json',
      );
    case 404:
      return answer(PROBLEM_TYPES.notFound, 'Not found', 404, 'no such route');
    case 405:
      return answer(PROBLEM_TYPES.methodNotAllowed, 'Method not allowed', 405, message);
    default:
      return answer(PROBLEM_TYPES.internal, 'Internal error', 500, 'internal error');
  }
}

export function invalidInput(issues: FieldIssue[]): ProblemAnswer {
  const detail = issues.map((issue) => `${issue.field}: ${issue.rule}`).join('; ');
  return answer(PROBLEM_TYPES.invalidInput, 'Invalid input', 400, detail, { errors: issues });
}

/** zod issues of a request part as field/rule pairs; `where` prefixes query and path fields. */
export function issuesOf(error: ZodError, where: string | undefined): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const prefix = where ? [where] : [];
    if (issue.code === 'unrecognized_keys') {
      return {
        field: [...prefix, ...path, issue.keys.join(', ')].join('.'),
        rule: 'is not a known field',
      };
    }
    const field = [...prefix, ...path].join('.') || where || 'body';
    return { field, rule: issue.message };
  });
}

export function sendProblem(context: Context, { problem, headers }: ProblemAnswer): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  });
}

/** A 500 that says nothing of the cause; the cause goes to the log, secrets redacted. */
export function internalProblem(): ProblemAnswer {
  return answer(
    PROBLEM_TYPES.internal,
    'Internal error',
    500,
    'internal error; the server log has the details',
  );
}

// One megabyte: the largest honest body (a profile with every target, a long free-text
// request) is a few kilobytes.
export const MAX_BODY_BYTES = 1_048_576;
