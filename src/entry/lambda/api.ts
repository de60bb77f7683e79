import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  defaultIsContentTypeBinary,
  handle,
  type LambdaEvent,
  type APIGatewayProxyResult,
  type LambdaContext,
} from 'hono/aws-lambda';
import { loadConfig, type Config, type Environment } from '../../config.ts';
import { ConfigError, describeError } from '../../errors.ts';
import { createLogger, type Logger } from '../../log.ts';
import { parseWith } from '../../parse-json.ts';
import { createJobQueue } from '../../queue/create-job-queue.ts';
import { redactSecrets } from '../../secret.ts';
import { createServices, type Services } from '../compose.ts';
import { createApiApp } from '../http/app.ts';
import type { Authenticator } from '../http/auth/authenticator.ts';
import { selectAuthenticator } from '../http/auth/select-authenticator.ts';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES } from '../http/problem.ts';
import { onceWhileItWorks } from './once-while-it-works.ts';
import { httpApiEventSchema } from './events.ts';
import { environmentWithSecrets } from './secrets.ts';

// The HTTP API as a Lambda function behind API Gateway (HTTP API, payload format 2.0): the same
// Hono app `alex serve` builds (http/app.ts), over the Aurora Data API as the application user
// (schema verified, never migrated) and sending new jobs to the planner's SQS queue. It runs no
// job and calls no model, so its bundle holds no agent and no model provider.

/** What the function answers requests with, built once per container. */
export interface ApiFunction {
  services: Services;
  respond(event: LambdaEvent, context?: LambdaContext): Promise<APIGatewayProxyResult>;
}

/**
 * What cannot work on Lambda, refused before the database is opened: `local` auth answers
 * every request as one user without credentials, which `alex serve` allows only on a loopback
 * address, and behind API Gateway anyone on the internet is the caller; and a queue other than
 * SQS would hold jobs no planner function ever takes.
 */
export function checkApiFunctionConfig(config: Pick<Config, 'api' | 'queue'>): void {
  if (config.api.auth === 'local') {
    throw new ConfigError(
      'ALEX_AUTH',
      'is local, which answers every request as the one local user with no credentials and is allowed only on a loopback address; the API function is reachable from the internet through API Gateway, so set ALEX_AUTH=token (the token in the ALEX_SECRETS_ARN secret) or ALEX_AUTH=jwt (var.api_auth in infra/terraform/agents)',
    );
  }
  if (config.queue.kind !== 'sqs' || !config.queue.sqsQueueUrl) {
    throw new ConfigError(
      'ALEX_QUEUE',
      'must be sqs with SQS_QUEUE_URL on Lambda: the planner function takes jobs from that queue only',
    );
  }
}

/** The API over services already created (tests pass their own SQS client or authenticator). */
export async function createApiFunction(
  services: Services,
  options: { sqsClient?: SQSClient; authenticator?: Authenticator } = {},
): Promise<ApiFunction> {
  const { config } = services;
  checkApiFunctionConfig(config);
  const authenticator = options.authenticator ?? (await selectAuthenticator(config.api));
  const queue = await createJobQueue(config, {
    database: services.database,
    ...(options.sqsClient ? { sqsClient: options.sqsClient } : {}),
  });
  const app = createApiApp({
    repositories: services.repositories,
    queue,
    authenticator,
    config: config.api,
    logger: services.logger,
    // API Gateway sends a response when it is complete, and gives up after 30 s.
    eventStream: 'snapshot',
  });
  // hono/aws-lambda turns the API Gateway event into a Request and the Response back. Its
  // default base64-encodes every text/* type it does not list (the event stream, report.md):
  // API Gateway would decode them, but a text answer is kept readable in the logs and tests.
  const respond = handle(app, {
    isContentTypeBinary: (contentType) =>
      !/^text\//i.test(contentType) && defaultIsContentTypeBinary(contentType),
  });
  return { services, respond: (event, context) => respond(event, context) };
}

/**
 * The function's environment with its secret laid under it. With ALEX_AUTH=token the token
 * comes from the secret ALEX_SECRETS_ARN names ({"ALEX_API_TOKEN": "…"}), never from a plain
 * variable, so a secret without it is named here rather than as a missing variable.
 */
async function apiEnvironment(processEnv: Environment): Promise<Environment> {
  const { env } = await environmentWithSecrets(processEnv);
  if (env['ALEX_AUTH'] === 'token' && !env['ALEX_API_TOKEN']) {
    throw new ConfigError(
      'ALEX_SECRETS_ARN',
      'with ALEX_AUTH=token the secret must hold the API token as {"ALEX_API_TOKEN": "<at least 16 characters>"} (docs/deploy-aws.md); it has none',
    );
  }
  return env;
}

async function startApiContainer(processEnv: Environment): Promise<ApiFunction> {
  const config = loadConfig(await apiEnvironment(processEnv));
  checkApiFunctionConfig(config);
  const services = await createServices(config, { schema: 'verify' });
  try {
    return await createApiFunction(services);
  } catch (error) {
    await services.close();
    throw error;
  }
}

/** The container's API, built on the first request from the function's environment. */
export function apiContainer(processEnv: Environment): () => Promise<ApiFunction> {
  return onceWhileItWorks(() => startApiContainer(processEnv));
}

/**
 * The handler: API Gateway events in, responses out. A cold start that failed answers 503 as a
 * problem document (and is tried again on the next request): a configuration error says which
 * setting and rule, anything else only that the log has the details.
 */
export function createApiHandler(
  api: () => Promise<ApiFunction>,
  // Without a configuration there is no configured logger: a failed start is an error to log.
  startLogger: Logger = createLogger({ level: 'error' }),
) {
  return async (event: unknown, context?: LambdaContext): Promise<APIGatewayProxyResult> => {
    // Checked, then handed on whole: the adapter reads headers, cookies and the body from it.
    parseWith(httpApiEventSchema, event, 'event');
    const request = event as LambdaEvent;
    let ready: ApiFunction;
    try {
      ready = await api();
    } catch (error) {
      startLogger.error({
        // Where it failed, for the operator; redacted like every message that may quote a value.
        stack: error instanceof Error && error.stack ? redactSecrets(error.stack) : undefined,
        event: 'cold-start-fail',
        error: describeError(error),
      });
      return startFailure(error);
    }
    return ready.respond(request, context);
  };
}

function startFailure(error: unknown): APIGatewayProxyResult {
  const detail =
    error instanceof ConfigError
      ? `the API is misconfigured: ${error.message}`
      : 'the API could not start; the function log has the details';
  return {
    statusCode: 503,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify({
      type: PROBLEM_TYPES.unavailable,
      title: 'Service unavailable',
      status: 503,
      detail: redactSecrets(detail),
    }),
    isBase64Encoded: false,
  };
}

// eslint-disable-next-line no-restricted-properties -- the Lambda entry passes its environment to loadConfig
export const handler = createApiHandler(apiContainer(process.env));
