import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { ConfigError } from './errors.ts';
import { redactSecrets } from './secret.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database, the local queue and offline models', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './.alex' });
    expect(config.queue.kind).toBe('local');
    expect(config.llm.models.reporter).toBe('offline');
  });

  it('names DATABASE_URL, without its password, when the URL cannot be parsed', () => {
    for (const url of [
      'postgres://alex:hunter2@db:99999/alex',
      'postgres://alex:hunter2@db:0/alex',
      'postgres://alex:hunter2@db:port/alex',
    ]) {
      const error = catchError(() => loadConfig({ DATABASE_URL: url }));
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('DATABASE_URL');
      expect((error as ConfigError).message).toMatch(/port between 1 and 65535/);
      expect((error as ConfigError).message).not.toContain('hunter2');
    }
  });

  it('picks pg-boss when DATABASE_URL is set and never prints the URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://alex:hunter2@db/alex' });
    expect(config.queue.kind).toBe('pgboss');
    expect(JSON.stringify(config)).not.toContain('hunter2');
    expect(config.database.kind === 'postgres' && config.database.url.reveal()).toBe(
      'postgres://alex:hunter2@db/alex',
    );
  });

  it('redacts the DATABASE_URL password wherever it appears in text, even on its own', () => {
    loadConfig({ DATABASE_URL: 'postgres://alex:s3cr%40t-db-pass@db/alex' });
    expect(redactSecrets('auth failed for s3cr@t-db-pass and s3cr%40t-db-pass')).toBe(
      'auth failed for [redacted] and [redacted]',
    );
  });

  it('refuses credentials inside URL variables, naming the variable but not the password', () => {
    const cases = {
      ALEX_LLM_BASE_URL: 'http://alex:pa55word-in-url@127.0.0.1:11434/v1',
      POLYGON_BASE_URL: 'https://token-in-url@api.polygon.io',
      SQS_QUEUE_URL: 'https://alex:pa55word-in-url@sqs.us-east-1.amazonaws.com/1/alex-jobs',
    };
    for (const [variable, url] of Object.entries(cases)) {
      const attempt = () => loadConfig({ [variable]: url });
      expect(attempt).toThrowError(ConfigError);
      expect(attempt).toThrowError(
        new RegExp(`^${variable}: must not contain credentials \\(user:password@\\)`),
      );
      expect(attempt).not.toThrowError(/pa55word|token-in-url/);
    }
    expect(loadConfig({ ALEX_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }).llm.baseUrl).toBe(
      'http://127.0.0.1:11434/v1',
    );
    expect(() => loadConfig({ ALEX_LLM_BASE_URL: 'ftp://127.0.0.1/v1' })).toThrowError(
      /^ALEX_LLM_BASE_URL: must be a URL such as/,
    );
  });

  it('lets a per-agent model override the default, and maps BEDROCK_MODEL_ID', () => {
    const config = loadConfig({
      BEDROCK_MODEL_ID: 'us.amazon.nova-pro-v1:0',
      ALEX_MODEL_TAGGER: 'openai:gpt-4.1-mini',
    });
    expect(config.llm.models.reporter).toBe('bedrock:us.amazon.nova-pro-v1:0');
    expect(config.llm.models.tagger).toBe('openai:gpt-4.1-mini');
  });

  it('names the variable and the rule for a bad value', () => {
    expect(() => loadConfig({ ALEX_MODEL: 'gpt-4' })).toThrowError(ConfigError);
    expect(() => loadConfig({ ALEX_MODEL: 'gpt-4' })).toThrowError(
      /^ALEX_MODEL: must be "offline"/,
    );
    expect(() => loadConfig({ ALEX_QUEUE: 'sqs' })).toThrowError(/^SQS_QUEUE_URL: is required/);
    expect(() => loadConfig({ POLYGON_PLAN: 'gold' })).toThrowError(/^POLYGON_PLAN:/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '  ' }).database.kind).toBe('pglite');
  });

  it("maps the seed's SAGEMAKER_ENDPOINT to the SageMaker embedder unless ALEX_EMBEDDER says otherwise", () => {
    expect(loadConfig({ SAGEMAKER_ENDPOINT: 'alex-embedding-endpoint' }).knowledge.embedder).toBe(
      'sagemaker:alex-embedding-endpoint',
    );
    const explicit = loadConfig({
      SAGEMAKER_ENDPOINT: 'x',
      ALEX_EMBEDDER: 'openai:text-embedding-3-small',
    });
    expect(explicit.knowledge.embedder).toBe('openai:text-embedding-3-small');
    expect(
      loadConfig({ SAGEMAKER_ENDPOINT: 'x', ALEX_EMBEDDER: 'none' }).knowledge.embedder,
    ).toBeUndefined();
  });
});

describe('the job spend ceiling', () => {
  it('defaults to a ceiling a normal job fits in, and reads both variables', () => {
    expect(loadConfig({}).jobSpendCeiling).toEqual({ maxTokens: 1_000_000, maxCostUsd: 5 });
    expect(
      loadConfig({ ALEX_MAX_JOB_TOKENS: '200000', ALEX_MAX_JOB_COST_USD: '0.5' }).jobSpendCeiling,
    ).toEqual({ maxTokens: 200_000, maxCostUsd: 0.5 });
  });

  it('names the variable and the rule for a bad ceiling', () => {
    expect(() => loadConfig({ ALEX_MAX_JOB_COST_USD: '-1' })).toThrowError(
      /^ALEX_MAX_JOB_COST_USD: must be a positive number of US dollars/,
    );
    expect(() => loadConfig({ ALEX_MAX_JOB_TOKENS: '1.5' })).toThrowError(
      /^ALEX_MAX_JOB_TOKENS: must be a whole number of tokens/,
    );
  });

  it("reads the SQS queue's maxReceiveCount, which Terraform gives the planner, and names a bad one", () => {
    expect(loadConfig({}).queue.sqsMaxReceiveCount).toBeUndefined();
    expect(loadConfig({ SQS_MAX_RECEIVE_COUNT: '3' }).queue.sqsMaxReceiveCount).toBe(3);
    expect(() => loadConfig({ SQS_MAX_RECEIVE_COUNT: 'three' })).toThrowError(
      /^SQS_MAX_RECEIVE_COUNT:/,
    );
    expect(() => loadConfig({ SQS_MAX_RECEIVE_COUNT: '0' })).toThrowError(
      /^SQS_MAX_RECEIVE_COUNT:/,
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
