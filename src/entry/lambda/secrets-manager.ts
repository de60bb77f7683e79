// The Secrets Manager client, in a module of its own that secrets.ts imports only when
// ALEX_SECRETS_ARN is set: the four specialist functions get no secret (reads_api_keys in
// infra/terraform/agents), so they never load it. Through this module rather than
// import('@aws-sdk/client-secrets-manager') so that a bundle's chunk keeps the named exports,
// as sqs-queue.ts does for SQS.
export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
