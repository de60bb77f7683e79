import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { Environment } from '../../config.ts';
import { ConfigError, describeError } from '../../errors.ts';
import { parseJson } from '../../parse-json.ts';
import { registerSecretValue } from '../../secret.ts';

// API keys reach the functions through Secrets Manager, never as plain environment variables
// (see infra/terraform/agents/secrets.tf). At cold start the secret's JSON object — e.g.
// {"POLYGON_API_KEY": "..."} — is laid under the function's environment.

export interface EnvironmentWithSecrets {
  env: Environment;
  /** Things the operator should know that do not stop the function (e.g. no keys yet). */
  warnings: string[];
}

const NO_VALUE_WARNING =
  'the API-key secret has no value yet: running without keys (offline writers, stored prices); put a JSON object of API keys in it';

/** The environment with the secret's keys under it; `client` defaults to the SDK's own. */
export async function environmentWithSecrets(
  env: Environment,
  client?: Pick<SecretsManagerClient, 'send'>,
): Promise<EnvironmentWithSecrets> {
  const secretId = env['ALEX_SECRETS_ARN'];
  if (!secretId) return { env, warnings: [] };
  // Loaded here, not at import: a function without a secret never loads the client.
  const sdk = await import('./secrets-manager.ts');
  const reader = client ?? new sdk.SecretsManagerClient({});
  let text: string | undefined;
  try {
    const result = await reader.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
    text = result.SecretString;
  } catch (error) {
    // A secret created without a version (a fresh deployment before anyone set the keys)
    // answers ResourceNotFoundException for AWSCURRENT. The keys are optional, so the
    // functions run without them rather than failing every invocation.
    if (isNoValueError(error)) return { env, warnings: [NO_VALUE_WARNING] };
    throw new ConfigError(
      'ALEX_SECRETS_ARN',
      `the secret could not be read (${describeError(error)}); put a JSON object of API keys in it`,
      { cause: error },
    );
  }
  if (!text?.trim()) return { env, warnings: [NO_VALUE_WARNING] };
  return { env: { ...secretValues(text), ...env }, warnings: [] };
}

function isNoValueError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

/**
 * The secret's keys, each registered for redaction. Errors say what is wrong with the
 * secret's shape but never quote it: a JSON SyntaxError shows the text around the fault,
 * which here is part of a key, so neither that message nor the error is kept as a cause.
 */
function secretValues(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = parseJson(text, z.unknown(), 'secret');
  } catch {
    throw new ConfigError(
      'ALEX_SECRETS_ARN',
      `the secret's value is not valid JSON (${text.length} characters; contents not shown); put a JSON object of API keys in it, e.g. {"POLYGON_API_KEY": "…"}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      'ALEX_SECRETS_ARN',
      'the secret must be a JSON object of API keys, e.g. {"POLYGON_API_KEY": "…"}',
    );
  }
  const values: Record<string, string> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      throw new ConfigError(
        'ALEX_SECRETS_ARN',
        `the secret's ${JSON.stringify(name)} must be a string (it is ${entry === null ? 'null' : typeof entry})`,
      );
    }
    registerSecretValue(entry);
    values[name] = entry;
  }
  return values;
}
