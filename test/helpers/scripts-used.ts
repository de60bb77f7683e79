// Fails any test that left a scripted model's replies unused: the test expected model calls
// that never happened. Runs after each test, so the failure names the test at fault.
import { afterEach } from 'vitest';
import { assertScriptsUsed } from '../../src/llm/testing/scripted-model.ts';

afterEach(() => {
  assertScriptsUsed();
});
