import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { Environment } from '../../config.ts';
import { ConfigError } from '../../errors.ts';
import { parseJson } from '../../parse-json.ts';

// API keys reach the functions through Secrets Manager, never as plain environment variables
// (see infra/terraform/agents/secrets.tf). At cold start the secret's JSON object — e.g.
// {"POLYGON_API_KEY": "..."} — is laid under the function's environment.

const secretValuesSchema = z.record(z.string(), z.string());

export async function environmentWithSecrets(
  env: Environment,
  client: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({}),
): Promise<Environment> {
  const secretId = env['ALEX_SECRETS_ARN'];
  if (!secretId) return env;
  let text: string | undefined;
  try {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    text = result.SecretString;
  } catch (error) {
    throw new ConfigError(
      'ALEX_SECRETS_ARN',
      `the secret could not be read (${String(error)}); put a JSON object of API keys in it`,
      {
        cause: error,
      },
    );
  }
  if (!text)
    throw new ConfigError(
      'ALEX_SECRETS_ARN',
      'the secret has no value yet; put a JSON object of API keys in it',
    );
  const values = parseJson(text, secretValuesSchema, 'ALEX_SECRETS_ARN secret');
  return { ...values, ...env };
}
