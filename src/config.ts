import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { AGENT_NAMES, type AgentName } from './contracts/jobs.ts';
import { ConfigError } from './errors.ts';
import { DEFAULT_MAX_JOB_COST_USD, DEFAULT_MAX_JOB_TOKENS } from './llm/spend-ceiling.ts';
import { registerSecretValue, Secret } from './secret.ts';

// All configuration comes from the environment (and `.env` when present), parsed once here.
// Keys are alphabetical; defaults are inline; rules that span keys live in superRefine.

export const MODEL_PROVIDERS = ['bedrock', 'openai', 'anthropic', 'openai-compatible'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/** `offline`, or `provider:model` with a known provider. */
const modelSpec = z
  .string()
  .trim()
  .refine(
    (value) =>
      value === 'offline' ||
      MODEL_PROVIDERS.some(
        (provider) => value.startsWith(`${provider}:`) && value.length > provider.length + 1,
      ),
    `must be "offline" or "<provider>:<model>" with provider one of ${MODEL_PROVIDERS.join(', ')}`,
  );

export const AUTH_MODES = ['local', 'token', 'jwt'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

// The original system allowed no limit; ten analyses an hour is far more than a person reading
// the results needs, and bounds what one account can spend on models.
export const DEFAULT_ANALYZE_RATE_LIMIT_PER_HOUR = 10;
// A bearer token shorter than this is guessable; generate one with `openssl rand -hex 32`.
const MIN_API_TOKEN_LENGTH = 16;

export const EMBEDDER_PROVIDERS = ['bedrock', 'openai', 'openai-compatible', 'sagemaker'] as const;

const embedderSpec = z
  .string()
  .trim()
  .refine(
    (value) =>
      value === 'none' ||
      EMBEDDER_PROVIDERS.some(
        (provider) => value.startsWith(`${provider}:`) && value.length > provider.length + 1,
      ),
    `must be "none" or "<provider>:<model or endpoint>" with provider one of ${EMBEDDER_PROVIDERS.join(', ')}`,
  );

/**
 * A URL that must not carry `user:password@`: such URLs get printed (config, errors, logs,
 * job records), and a password inside one would go with them. The key has its own variable.
 * Neither message quotes the value.
 */
function urlWithoutCredentials(invalid: string, credentialsGoTo: string) {
  return z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), invalid)
    .refine((value) => {
      const url = URL.parse(value);
      return !url || (url.username === '' && url.password === '');
    }, `must not contain credentials (user:password@): ${credentialsGoTo}`);
}

/** DATABASE_URL legitimately carries a password; a driver error may quote it on its own. */
function databaseUrlSecret(value: string): Secret {
  const password = URL.parse(value)?.password;
  if (password) {
    registerSecretValue(password);
    // As the driver sees it; a malformed %-escape is left to the driver to reject.
    if (!/%(?![0-9a-f]{2})/i.test(password)) registerSecretValue(decodeURIComponent(password));
  }
  return new Secret(value);
}

const optionalText = z.string().trim().min(1).optional();
const secretText = z
  .string()
  .trim()
  .min(1)
  .transform((value) => new Secret(value))
  .optional();

const environmentSchema = z
  .object({
    ALEX_AGENT_INVOKE: z.enum(['in-process', 'lambda']).default('in-process'),
    ALEX_ANALYZE_RATE_LIMIT: z.coerce
      .number()
      .int('must be a whole number of analyses per hour, e.g. 10')
      .min(1)
      .max(10_000)
      .default(DEFAULT_ANALYZE_RATE_LIMIT_PER_HOUR),
    ALEX_API_TOKEN: z
      .string()
      .trim()
      .min(MIN_API_TOKEN_LENGTH, `must be at least ${MIN_API_TOKEN_LENGTH} characters`)
      .transform((value) => new Secret(value))
      .optional(),
    ALEX_AUTH: z.enum(AUTH_MODES).default('local'),
    ALEX_CORS_ORIGINS: z
      .string()
      .trim()
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .refine(
              (origin) => URL.canParse(origin) && new URL(origin).origin === origin,
              'must list origins such as https://app.example.com,http://localhost:3000 (scheme, host and port; no path)',
            ),
        ),
      )
      .optional(),
    ALEX_DATA_DIR: z.string().trim().min(1).default('./.alex'),
    ALEX_EMBEDDER: embedderSpec.optional(),
    ALEX_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(8).max(4096).optional(),
    ALEX_FUNCTION_CHARTER: z.string().trim().min(1).default('alex-charter'),
    ALEX_FUNCTION_REPORTER: z.string().trim().min(1).default('alex-reporter'),
    ALEX_FUNCTION_RETIREMENT: z.string().trim().min(1).default('alex-retirement'),
    ALEX_FUNCTION_TAGGER: z.string().trim().min(1).default('alex-tagger'),
    ALEX_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(15),
    ALEX_JWT_AUDIENCE: optionalText,
    ALEX_JWT_ISSUER: optionalText,
    ALEX_JWT_JWKS_URL: urlWithoutCredentials(
      'must be a URL such as https://example.clerk.accounts.dev/.well-known/jwks.json',
      'a JWKS URL is public',
    ).optional(),
    ALEX_LLM_API_KEY: secretText,
    ALEX_LLM_BASE_URL: urlWithoutCredentials(
      'must be a URL such as http://127.0.0.1:11434/v1',
      'give the key in ALEX_LLM_API_KEY',
    ).optional(),
    ALEX_LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(900_000).default(120_000),
    ALEX_LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('warn'),
    ALEX_MAX_JOB_COST_USD: z.coerce
      .number()
      .positive('must be a positive number of US dollars, e.g. 5')
      .max(100_000)
      .default(DEFAULT_MAX_JOB_COST_USD),
    ALEX_MAX_JOB_TOKENS: z.coerce
      .number()
      .int('must be a whole number of tokens, e.g. 1000000')
      .min(1_000)
      .max(1_000_000_000_000)
      .default(DEFAULT_MAX_JOB_TOKENS),
    ALEX_MODEL: modelSpec.optional(),
    ALEX_MODEL_CHARTER: modelSpec.optional(),
    ALEX_MODEL_PLANNER: modelSpec.optional(),
    ALEX_MODEL_REPORTER: modelSpec.optional(),
    ALEX_MODEL_RETIREMENT: modelSpec.optional(),
    ALEX_MODEL_TAGGER: modelSpec.optional(),
    ALEX_PGBOSS_SCHEMA: z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case schema name such as pgboss')
      .optional(),
    ALEX_QUEUE: z.enum(['local', 'pgboss', 'sqs']).optional(),
    ALEX_SECRETS_ARN: optionalText,
    ANTHROPIC_API_KEY: secretText,
    AURORA_CLUSTER_ARN: optionalText,
    AURORA_DATABASE: z.string().trim().min(1).default('alex'),
    AURORA_SECRET_ARN: optionalText,
    AWS_REGION: optionalText,
    BEDROCK_MODEL_ID: optionalText,
    BEDROCK_REGION: optionalText,
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .refine(
        isConnectableUrl,
        'must be a valid URL: postgres://user@host:port/database, port between 1 and 65535',
      )
      .transform(databaseUrlSecret)
      .optional(),
    DEFAULT_AWS_REGION: optionalText,
    OPENAI_API_KEY: secretText,
    POLYGON_API_KEY: secretText,
    POLYGON_BASE_URL: urlWithoutCredentials(
      'must be a URL',
      'give the key in POLYGON_API_KEY',
    ).default('https://api.polygon.io'),
    POLYGON_PLAN: z.enum(['free', 'paid']).default('free'),
    SAGEMAKER_ENDPOINT: optionalText,
    SQS_QUEUE_URL: urlWithoutCredentials(
      'must be a URL',
      'SQS is reached with the AWS credentials of the environment or role',
    ).optional(),
    VECTOR_BUCKET: optionalText,
    VECTOR_INDEX: z.string().trim().min(1).default('financial-research'),
  })
  .superRefine((env, context) => {
    if (env.ALEX_QUEUE === 'sqs' && !env.SQS_QUEUE_URL) {
      context.addIssue({
        code: 'custom',
        path: ['SQS_QUEUE_URL'],
        message: 'is required when ALEX_QUEUE=sqs',
      });
    }
    if (Boolean(env.AURORA_CLUSTER_ARN) !== Boolean(env.AURORA_SECRET_ARN)) {
      context.addIssue({
        code: 'custom',
        path: [env.AURORA_CLUSTER_ARN ? 'AURORA_SECRET_ARN' : 'AURORA_CLUSTER_ARN'],
        message: 'AURORA_CLUSTER_ARN and AURORA_SECRET_ARN are set together',
      });
    }
    if (env.ALEX_AUTH === 'token' && !env.ALEX_API_TOKEN) {
      context.addIssue({
        code: 'custom',
        path: ['ALEX_API_TOKEN'],
        message: 'is required when ALEX_AUTH=token (the bearer token callers send)',
      });
    }
    if (env.ALEX_AUTH === 'jwt') {
      for (const variable of [
        'ALEX_JWT_JWKS_URL',
        'ALEX_JWT_ISSUER',
        'ALEX_JWT_AUDIENCE',
      ] as const) {
        if (!env[variable]) {
          context.addIssue({
            code: 'custom',
            path: [variable],
            message: 'is required when ALEX_AUTH=jwt',
          });
        }
      }
    }
    if (env.ALEX_QUEUE === 'pgboss' && !env.DATABASE_URL) {
      context.addIssue({
        code: 'custom',
        path: ['ALEX_QUEUE'],
        message: 'pgboss needs a PostgreSQL database: set DATABASE_URL, or use ALEX_QUEUE=local',
      });
    }
  });

/** The driver parses the connection string with URL; anything it rejects is caught here. */
function isConnectableUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { port } = new URL(value);
  return port === '' || Number(port) >= 1;
}

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: Secret }
  | {
      kind: 'aurora';
      clusterArn: string;
      secretArn: string;
      database: string;
      region: string | undefined;
    };

export interface LlmConfig {
  /** Model per agent: `offline` or `provider:model`. */
  models: Record<AgentName, string>;
  baseUrl: string | undefined;
  bedrockRegion: string | undefined;
  timeoutMs: number;
  apiKeys: { openai?: Secret; anthropic?: Secret; openaiCompatible?: Secret };
}

export interface MarketConfig {
  polygonApiKey: Secret | undefined;
  polygonPlan: 'free' | 'paid';
  polygonBaseUrl: string;
}

export interface KnowledgeConfig {
  /** `provider:model-or-endpoint`, or undefined for full-text search only. */
  embedder: string | undefined;
  embeddingDimensions: number | undefined;
  vectorBucket: string | undefined;
  vectorIndex: string;
  region: string | undefined;
}

export interface ApiConfig {
  auth: AuthMode;
  /** ALEX_AUTH=token: the one bearer token accepted. */
  apiToken: Secret | undefined;
  /** ALEX_AUTH=jwt: where the signing keys are and what the tokens must say. */
  jwt: { jwksUrl: string; issuer: string; audience: string } | undefined;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsOrigins: string[];
  /** POST /api/analyze calls one user may make in an hour. */
  analyzeRateLimitPerHour: number;
}

export interface Config {
  database: DatabaseConfig;
  /** The HTTP API (`alex serve`). */
  api: ApiConfig;
  queue: {
    kind: 'local' | 'pgboss' | 'sqs';
    sqsQueueUrl: string | undefined;
    /** The schema pg-boss keeps its queues in, when not its default `pgboss`. */
    pgbossSchema?: string;
  };
  agentInvoke: 'in-process' | 'lambda';
  /** Lambda function names of the specialists, for ALEX_AGENT_INVOKE=lambda. */
  functionNames: { tagger: string; reporter: string; charter: string; retirement: string };
  /** Secrets Manager secret holding API keys as JSON, read at a Lambda's cold start. */
  secretsArn: string | undefined;
  llm: LlmConfig;
  /** Tokens and estimated dollars one job may spend on models, all its attempts included. */
  jobSpendCeiling: { maxTokens: number; maxCostUsd: number };
  market: MarketConfig;
  knowledge: KnowledgeConfig;
  log: { level: string };
  /**
   * How often a worker marks its running job alive; a job silent for six of these is handed to
   * another worker. Every worker on one database should use the same value.
   */
  jobs: { heartbeatSeconds: number };
  awsRegion: string | undefined;
}

export type Environment = Record<string, string | undefined>;

/** Read `.env` from the working directory, if any; the real environment wins over it. */
export function environmentWithDotEnv(env: Environment = process.env, path = '.env'): Environment {
  if (!existsSync(path)) return env;
  return { ...parseEnv(readFileSync(path, 'utf8')), ...env };
}

/** Parse the environment into a typed Config, or throw a ConfigError naming the variable. */
export function loadConfig(env: Environment = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = environmentSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'invalid');
  }
  return toConfig(result.data);
}

function toConfig(env: z.infer<typeof environmentSchema>): Config {
  const awsRegion = env.AWS_REGION ?? env.DEFAULT_AWS_REGION;
  const database: DatabaseConfig = env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL }
    : env.AURORA_CLUSTER_ARN && env.AURORA_SECRET_ARN
      ? {
          kind: 'aurora',
          clusterArn: env.AURORA_CLUSTER_ARN,
          secretArn: env.AURORA_SECRET_ARN,
          database: env.AURORA_DATABASE,
          region: awsRegion,
        }
      : { kind: 'pglite', dataDir: env.ALEX_DATA_DIR };

  // The original system named its model with BEDROCK_MODEL_ID; it still selects Bedrock.
  const defaultModel =
    env.ALEX_MODEL ?? (env.BEDROCK_MODEL_ID ? `bedrock:${env.BEDROCK_MODEL_ID}` : 'offline');
  const perAgent: Record<AgentName, string | undefined> = {
    planner: env.ALEX_MODEL_PLANNER,
    tagger: env.ALEX_MODEL_TAGGER,
    reporter: env.ALEX_MODEL_REPORTER,
    charter: env.ALEX_MODEL_CHARTER,
    retirement: env.ALEX_MODEL_RETIREMENT,
  };
  const models = Object.fromEntries(
    AGENT_NAMES.map((agent) => [agent, perAgent[agent] ?? defaultModel]),
  ) as Record<AgentName, string>;

  return {
    database,
    api: {
      auth: env.ALEX_AUTH,
      apiToken: env.ALEX_API_TOKEN,
      jwt:
        env.ALEX_JWT_JWKS_URL && env.ALEX_JWT_ISSUER && env.ALEX_JWT_AUDIENCE
          ? {
              jwksUrl: env.ALEX_JWT_JWKS_URL,
              issuer: env.ALEX_JWT_ISSUER,
              audience: env.ALEX_JWT_AUDIENCE,
            }
          : undefined,
      corsOrigins: env.ALEX_CORS_ORIGINS ?? [],
      analyzeRateLimitPerHour: env.ALEX_ANALYZE_RATE_LIMIT,
    },
    queue: {
      kind: env.ALEX_QUEUE ?? (database.kind === 'postgres' ? 'pgboss' : 'local'),
      sqsQueueUrl: env.SQS_QUEUE_URL,
      ...(env.ALEX_PGBOSS_SCHEMA ? { pgbossSchema: env.ALEX_PGBOSS_SCHEMA } : {}),
    },
    agentInvoke: env.ALEX_AGENT_INVOKE,
    functionNames: {
      tagger: env.ALEX_FUNCTION_TAGGER,
      reporter: env.ALEX_FUNCTION_REPORTER,
      charter: env.ALEX_FUNCTION_CHARTER,
      retirement: env.ALEX_FUNCTION_RETIREMENT,
    },
    secretsArn: env.ALEX_SECRETS_ARN,
    llm: {
      models,
      baseUrl: env.ALEX_LLM_BASE_URL,
      bedrockRegion: env.BEDROCK_REGION ?? awsRegion,
      timeoutMs: env.ALEX_LLM_TIMEOUT_MS,
      apiKeys: {
        ...(env.OPENAI_API_KEY ? { openai: env.OPENAI_API_KEY } : {}),
        ...(env.ANTHROPIC_API_KEY ? { anthropic: env.ANTHROPIC_API_KEY } : {}),
        ...(env.ALEX_LLM_API_KEY ? { openaiCompatible: env.ALEX_LLM_API_KEY } : {}),
      },
    },
    jobSpendCeiling: { maxTokens: env.ALEX_MAX_JOB_TOKENS, maxCostUsd: env.ALEX_MAX_JOB_COST_USD },
    market: {
      polygonApiKey: env.POLYGON_API_KEY,
      polygonPlan: env.POLYGON_PLAN,
      polygonBaseUrl: env.POLYGON_BASE_URL,
    },
    knowledge: {
      // The seed named its embedding endpoint SAGEMAKER_ENDPOINT; it selects SageMaker when
      // ALEX_EMBEDDER does not say otherwise.
      embedder:
        env.ALEX_EMBEDDER === 'none'
          ? undefined
          : (env.ALEX_EMBEDDER ??
            (env.SAGEMAKER_ENDPOINT ? `sagemaker:${env.SAGEMAKER_ENDPOINT}` : undefined)),
      embeddingDimensions: env.ALEX_EMBEDDING_DIMENSIONS,
      vectorBucket: env.VECTOR_BUCKET,
      vectorIndex: env.VECTOR_INDEX,
      region: awsRegion,
    },
    log: { level: env.ALEX_LOG_LEVEL },
    jobs: { heartbeatSeconds: env.ALEX_HEARTBEAT_SECONDS },
    awsRegion,
  };
}
