// `alex kb ingest | search | list` run in process through commander, on a PGlite database
// with the starter corpus, full-text only (no embedder in the configuration).
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.ts';
import type { Services } from '../../src/entry/compose.ts';
import { registerKnowledgeCommands } from '../../src/entry/cli/commands/kb.ts';
import type { CommandContext } from '../../src/entry/cli/context.ts';
import { createKnowledgeService } from '../../src/knowledge/index.ts';
import { silentLogger } from '../../src/log.ts';
import { parseJson } from '../../src/parse-json.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
let context: CommandContext;

beforeAll(async () => {
  database = await createPgliteTestDatabase();
  const config = loadConfig({});
  // The commands use config, logger and database; the rest of Services is not touched.
  const services = {
    config,
    logger: silentLogger(),
    database,
    repositories: createRepositories(database.db),
    migrations: { applied: [], waiting: [] },
    knowledge: createKnowledgeService({
      db: database.db,
      config: config.knowledge,
      llm: config.llm,
      vectorAvailable: database.vectorAvailable,
    }),
    close: () => Promise.resolve(),
  } satisfies Services;
  context = {
    config: () => config,
    services: () => Promise.resolve(services),
    close: () => Promise.resolve(),
  };
});
afterAll(async () => {
  await database.close();
});

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command('alex').exitOverride();
  registerKnowledgeCommands(program, context);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'alex', 'kb', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr };
}

const searchOutputSchema = z.object({
  query: z.string(),
  mode: z.string(),
  notices: z.array(z.string()),
  results: z.array(
    z
      .object({
        id: z.string(),
        title: z.string(),
        score: z.number(),
        matchedBy: z.array(z.string()),
      })
      .loose(),
  ),
});

describe('alex kb', () => {
  it('list says how to fill an empty knowledge base', async () => {
    const { stdout } = await run(['list']);
    expect(stdout).toBe('the knowledge base is empty: run `npx alex kb ingest data/knowledge`\n');
  });

  it('ingest reads a folder and reports each note', async () => {
    const { stdout } = await run(['ingest', 'data/knowledge']);
    expect(stdout).toMatch(/^status\s+chunks\s+embedded\s+origin$/m);
    expect(stdout).toMatch(/^added\s+\d+\s+0\s+data\/knowledge\/tax-location\.md$/m);
    expect(stdout.trimEnd().endsWith('24 added')).toBe(true);
    const again = await run(['ingest', 'data/knowledge/tax-location.md']);
    expect(again.stdout.trimEnd().endsWith('1 unchanged')).toBe(true);
  });

  it('search --json gives ids, scores and the mode; text output cites ids', async () => {
    const { stdout, stderr } = await run([
      'search',
      'how much should I keep in bonds at my age',
      '--top-k',
      '2',
      '--json',
    ]);
    const output = parseJson(stdout, searchOutputSchema);
    expect(output.mode).toBe(
      'full-text only: no embedder configured (set ALEX_EMBEDDER for hybrid search)',
    );
    expect(stderr).toBe(`${output.mode}\n`);
    expect(output.results).toHaveLength(2);
    expect(output.results[0]?.title).toBe(
      'Asset Allocation by Age — Rules of Thumb and Their Limits',
    );

    const text = await run(['search', 'tax location', '--tag', 'tax', '--top-k', '1']);
    expect(text.stdout).toMatch(/^1\. Tax Location/);
    expect(text.stdout).toMatch(/· id [0-9a-f-]{36}\n/);
  });

  it('search rejects a bad --top-k and an impossible date with the flag named', async () => {
    await expect(run(['search', 'bonds', '--top-k', 'many'])).rejects.toThrow(
      /--top-k: must be a number/,
    );
    await expect(run(['search', 'bonds', '--from', '2025-13-40'])).rejects.toThrow(
      /publishedFrom: must be a date written YYYY-MM-DD/,
    );
  });

  it('list shows every note with its date and chunk count', async () => {
    const { stdout } = await run(['list']);
    expect(stdout).toMatch(
      /^Cash Drag\s+2026-11-24\s+\d+\s+cash, returns, allocation, opportunity-cost\s+data\/knowledge\/cash-drag\.md$/m,
    );
    expect(stdout).toContain('24 documents; search: full-text only');
  });

  it('ingest of a missing path fails as the caller’s mistake', async () => {
    await expect(run(['ingest', 'no/such/folder'])).rejects.toThrow(
      /no\/such\/folder: does not exist/,
    );
  });
});
