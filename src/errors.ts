// The project's error taxonomy, grouped by who must act. Each error has a literal `code`,
// says whether trying again can help (`retryable`), and keeps its `cause`.
// The CLI turns them into one line and an exit code; workers record them on the job.

import { redactSecrets } from './secret.ts';

export type ErrorCode =
  | 'config_error'
  | 'input_error'
  | 'not_found'
  | 'upstream_error'
  | 'model_output_error'
  | 'timeout'
  | 'conflict'
  | 'rate_limited'
  | 'spend_limit';

export abstract class AlexError extends Error {
  abstract readonly code: ErrorCode;
  readonly retryable: boolean = false;
}

/** The operator set something wrong: names the variable and how to fix it. */
export class ConfigError extends AlexError {
  readonly code = 'config_error';
  readonly variable: string;
  constructor(variable: string, rule: string, options?: ErrorOptions) {
    super(`${variable}: ${rule}`, options);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `positions.0.quantity`. */
  field: string;
  /** The rule that was broken, in words. */
  rule: string;
}

/** The caller sent bad input. Lists every offending field with its rule. */
export class InputError extends AlexError {
  readonly code = 'input_error';
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], options?: ErrorOptions) {
    super(issues.map((issue) => `${issue.field}: ${issue.rule}`).join('; '), options);
    this.name = 'InputError';
    this.issues = issues;
  }

  static field(field: string, rule: string): InputError {
    return new InputError([{ field, rule }]);
  }
}

/** The thing does not exist for this user (another user's row is reported the same way). */
export class NotFoundError extends AlexError {
  readonly code = 'not_found';
  readonly entity: string;
  readonly id: string;
  constructor(entity: string, id: string) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
    this.entity = entity;
    this.id = id;
  }
}

/** The action conflicts with the current state (e.g. a job that is already running). */
export class ConflictError extends AlexError {
  readonly code = 'conflict';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConflictError';
  }
}

/** The caller asked too often (e.g. analyses per hour); they may try again after a wait. */
export class RateLimitError extends AlexError {
  readonly code = 'rate_limited';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.name = 'RateLimitError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A remote service (Polygon, Bedrock, OpenAI, AWS) failed. */
export class UpstreamError extends AlexError {
  readonly code = 'upstream_error';
  readonly service: string;
  readonly status: number | undefined;
  override readonly retryable: boolean;
  /** Seconds the service asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    service: string,
    message: string,
    details: { status?: number; retryAfterSeconds?: number; retryable?: boolean } = {},
    options?: ErrorOptions,
  ) {
    super(`${service}: ${message}`, options);
    this.name = 'UpstreamError';
    this.service = service;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.retryable = details.retryable ?? isRetryableStatus(details.status);
  }
}

/** Model output failed its schema, a domain rule or the fact check. Keeps what the model said. */
export class ModelOutputError extends AlexError {
  readonly code = 'model_output_error';
  readonly model: string;
  readonly rawText: string | undefined;
  constructor(model: string, message: string, rawText?: string, options?: ErrorOptions) {
    super(`${model}: ${message}`, options);
    this.name = 'ModelOutputError';
    this.model = model;
    this.rawText = rawText;
  }
}

/** Something took longer than its budget. */
export class TimeoutError extends AlexError {
  readonly code = 'timeout';
  override readonly retryable = true;
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super(`${what} timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** A job has spent its token or dollar ceiling; no further model request is made for it. */
export class SpendLimitError extends AlexError {
  readonly code = 'spend_limit';
  constructor(message: string) {
    super(message);
    this.name = 'SpendLimitError';
  }
}

/** 408, 409, 429 and 5xx are worth retrying; other statuses are not. */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

// Failures of the database connection rather than of the statement: the server went away
// (failover, restart, pg_terminate_backend: SQLSTATE class 08 and 57P01-57P03), the socket broke
// (Node's errno codes), or the server shed load (53xxx) or broke a lock cycle (40001, 40P01).
// The same work can succeed on a fresh connection.
const TRANSIENT_SQLSTATE = /^(08|53|57P0[123]$|40001$|40P01$)/;
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Whether the error says the database connection was lost (not that the statement was wrong). */
export function isLostDatabaseConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_SOCKET_CODES.has(code))
  )
    return true;
  // node-postgres's own words for a connection that closed under a query, and for a statement
  // sent on it afterwards (a transaction's ROLLBACK, whose error then replaces the first one).
  return /^(Connection terminated|Client has encountered a connection error|Client was closed)/.test(
    error.message,
  );
}

/**
 * Whether doing the same work again can help: an Alex error says so itself (timeouts, upstream
 * 5xx/429 yes; bad input, configuration, not found, model output that failed its repair no);
 * a lost database connection can; anything else (a bug, a constraint the data breaks) would
 * fail the same way again, so it is not retried.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AlexError) return error.retryable;
  return isLostDatabaseConnection(error);
}

/**
 * One line describing any thrown value, for job and run records and logs, with every
 * configured secret redacted (a provider may quote the key it rejected).
 */
export function describeError(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
