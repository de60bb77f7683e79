// Every agent folder has the same files (STYLE.md 6.5), so a reader who knows one agent knows
// them all. The five agents are listed so that a missing folder fails too.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_NAMES } from '../contracts/jobs.ts';

const AGENTS_DIR = new URL('./', import.meta.url);

function requiredFiles(agent: string): string[] {
  return [
    'index.ts',
    'instructions.ts',
    'schema.ts',
    `${agent}.ts`,
    'offline-writer.ts',
    `${agent}.test.ts`,
  ];
}

const folders = readdirSync(AGENTS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('agent folders', () => {
  it('has one folder for each of the five agents', () => {
    expect(AGENT_NAMES).toEqual(['planner', 'tagger', 'reporter', 'charter', 'retirement']);
    const missing = AGENT_NAMES.filter((agent) => !folders.includes(agent));
    expect(missing).toEqual([]);
  });

  it.each(folders)('%s has the files every agent has', (agent) => {
    const missing = requiredFiles(agent).filter(
      (file) => !existsSync(new URL(`${agent}/${file}`, AGENTS_DIR)),
    );
    expect(missing).toEqual([]);
  });
});
