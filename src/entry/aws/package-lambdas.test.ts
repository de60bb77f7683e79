import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { parseProviderList } from './package-lambdas.ts';

describe('npm run package --providers', () => {
  it('takes known provider names separated by commas', () => {
    expect(parseProviderList('bedrock, openai')).toEqual(['bedrock', 'openai']);
    expect(parseProviderList('openai-compatible')).toEqual(['openai-compatible']);
  });

  it('refuses an unknown or empty list, naming the flag and the choices', () => {
    for (const text of ['bedrock,gemini', '', ' , ']) {
      expect(() => parseProviderList(text)).toThrow(InputError);
      expect(() => parseProviderList(text)).toThrow(
        /^--providers: must list some of bedrock, openai, anthropic, openai-compatible/,
      );
    }
  });
});
