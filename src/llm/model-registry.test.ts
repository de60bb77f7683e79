import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { createModelRegistry } from './model-registry.ts';

function registryFor(environment: Record<string, string>) {
  return createModelRegistry(loadConfig(environment).llm);
}

describe('model registry', () => {
  it('is offline for every agent when no model is configured', () => {
    const registry = registryFor({});
    expect(registry.modelFor('planner')).toEqual({ kind: 'offline' });
    expect(registry.modelFor('reporter')).toEqual({ kind: 'offline' });
  });

  it('gives each agent its override and the rest the default model', () => {
    const registry = registryFor({
      ALEX_MODEL: 'openai-compatible:qwen3:8b',
      ALEX_LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      ALEX_MODEL_TAGGER: 'offline',
    });
    const planner = registry.modelFor('planner');
    expect(planner.kind === 'llm' && planner.label).toBe('openai-compatible:qwen3:8b');
    expect(planner.kind === 'llm' && planner.model.modelId).toBe('qwen3:8b');
    expect(registry.modelFor('tagger')).toEqual({ kind: 'offline' });
  });

  it('selects Bedrock from BEDROCK_MODEL_ID alone, and bedrock:default is the seed model', () => {
    const fromSeedVariable = registryFor({ BEDROCK_MODEL_ID: 'us.amazon.nova-lite-v1:0' });
    const charter = fromSeedVariable.modelFor('charter');
    expect(charter.kind === 'llm' && charter.label).toBe('bedrock:us.amazon.nova-lite-v1:0');

    const byDefault = registryFor({ ALEX_MODEL: 'bedrock:default', BEDROCK_REGION: 'us-west-2' });
    const reporter = byDefault.modelFor('reporter');
    expect(reporter.kind === 'llm' && reporter.label).toBe('bedrock:us.amazon.nova-pro-v1:0');
    expect(reporter.kind === 'llm' && reporter.model.modelId).toBe('us.amazon.nova-pro-v1:0');
  });

  it('names OPENAI_API_KEY when an agent asks for an OpenAI model without a key', () => {
    const registry = registryFor({
      ALEX_MODEL: 'offline',
      ALEX_MODEL_REPORTER: 'openai:gpt-4.1-mini',
    });
    expect(registry.modelFor('planner')).toEqual({ kind: 'offline' });
    expect(() => registry.modelFor('reporter')).toThrow(ConfigError);
    expect(() => registry.modelFor('reporter')).toThrow(/^OPENAI_API_KEY: is required/);
  });

  it('names ANTHROPIC_API_KEY and ALEX_LLM_BASE_URL when those are missing', () => {
    const anthropic = registryFor({ ALEX_MODEL: 'anthropic:claude-haiku-4-5' });
    expect(() => anthropic.modelFor('tagger')).toThrow(
      expect.objectContaining({ variable: 'ANTHROPIC_API_KEY' }),
    );
    const compatible = registryFor({ ALEX_MODEL: 'openai-compatible:llama3' });
    expect(() => compatible.modelFor('tagger')).toThrow(
      expect.objectContaining({ variable: 'ALEX_LLM_BASE_URL' }),
    );
  });

  it('resolves OpenAI and Anthropic models once their keys are set', () => {
    const registry = registryFor({
      ALEX_MODEL: 'openai:gpt-4.1-mini',
      ALEX_MODEL_CHARTER: 'anthropic:claude-haiku-4-5',
      OPENAI_API_KEY: 'sk-test',
      ANTHROPIC_API_KEY: 'sk-ant-test',
    });
    const planner = registry.modelFor('planner');
    const charter = registry.modelFor('charter');
    expect(planner.kind === 'llm' && planner.model.provider).toMatch(/^openai/);
    expect(charter.kind === 'llm' && charter.model.provider).toMatch(/^anthropic/);
  });
});
