// `alex kb ingest | search | list` run in process through commander, on a PGlite database
// with the starter corpus, full-text only (no embedder in the configuration).
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.ts';
import type { Services } from '../../src/entry/compose.ts';
import { registerKnowledgeCommands } from '../../src/entry/cli/commands/kb.ts';
import type { CommandContext } from '../../src/entry/cli/context.ts';
import { InputError } from '../../src/errors.ts';
import { createKnowledgeService } from '../../src/knowledge/index.ts';
import { MAX_NOTE_BYTES } from '../../src/knowledge/ingest.ts';
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
  const { stdout, stderr, error } = await attempt(args);
  if (error instanceof Error) throw error;
  return { stdout, stderr };
}

/** Run `alex kb …` and return its output and the error it ends with, if any. */
async function attempt(
  args: string[],
): Promise<{ stdout: string; stderr: string; error: Error | undefined }> {
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
  let error: Error | undefined;
  try {
    await program.parseAsync(['node', 'alex', 'kb', ...args]);
  } catch (thrown) {
    error = thrown instanceof Error ? thrown : new Error(String(thrown));
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr, error };
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
    expect(stdout).toMatch(/^status\s+chunks\s+embedded\s+origin\s+why$/m);
    expect(stdout).toMatch(/^added\s+\d+\s+0\s+data\/knowledge\/tax-location\.md$/m);
    expect(stdout).toMatch(
      /^skipped\s+0\s+0\s+data\/knowledge\/README\.md\s+a folder's README\.md describes the folder/m,
    );
    expect(stdout.trimEnd().endsWith('24 added, 1 skipped')).toBe(true);
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
      /--top-k: must be a whole number from 1 to 50, written in decimal/,
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

describe('alex kb ingest: one rule per file, every file reported', () => {
  let folder: string;
  let outside: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'alex-kb-rules-'));
    outside = mkdtempSync(join(tmpdir(), 'alex-kb-outside-'));
    writeFileSync(join(outside, 'secret.md'), '# Secret\n\nroot:x:0:0:root:/root:/bin/bash\n');
    writeFileSync(join(folder, 'a-binary.md'), '# Binary\n\nbefore\u0000after\n');
    writeFileSync(join(folder, 'b-huge.md'), `# Huge\n\n${'word '.repeat(MAX_NOTE_BYTES / 5)}\n`);
    symlinkSync(join(outside, 'secret.md'), join(folder, 'c-link.md'));
    writeFileSync(join(folder, 'd-picture.png'), 'not a note');
    writeFileSync(
      join(folder, 'z-good.md'),
      '# Ladder of bond maturities\n\nA ladder spreads maturities.\n',
    );
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('fails the NUL-byte and oversized files, skips the link, still ingests the rest', async () => {
    const { stdout, error } = await attempt(['ingest', folder]);
    const row = (name: string) => stdout.split('\n').find((line) => line.includes(name)) ?? '';
    expect(row('a-binary.md')).toMatch(/^failed\s.*contains a NUL byte: not a text file$/);
    expect(row('b-huge.md')).toMatch(/^failed\s.*the limit is 1,048,576 bytes \(1 MB\) per note/);
    expect(row('c-link.md')).toMatch(/^skipped\s.*is a symbolic link: links are not followed/);
    expect(row('d-picture.png')).toMatch(/^skipped\s.*is not a \.md, \.markdown or \.txt file$/);
    expect(row('z-good.md')).toMatch(/^added\s+1\s/);
    expect(stdout.trimEnd().endsWith('1 added, 2 skipped, 2 failed')).toBe(true);
    // The run ends non-zero, naming each failed file and its rule.
    expect(error).toBeInstanceOf(InputError);
    expect(String(error)).toMatch(/a-binary\.md: contains a NUL byte/);
    expect(String(error)).toMatch(/b-huge\.md: is [\d,]+ bytes; the limit/);

    const titles = (await run(['list', '--json'])).stdout;
    expect(titles).toContain('Ladder of bond maturities');
    expect(titles).not.toContain('Secret');
    expect(titles).not.toContain('Binary');
  });

  it('fails a symbolic link named on the command line, by the same rule', async () => {
    const { stdout, error } = await attempt(['ingest', join(folder, 'c-link.md')]);
    expect(stdout).toMatch(/^failed\s.*c-link\.md\s+is a symbolic link: links are not followed/m);
    expect(String(error)).toMatch(/c-link\.md: is a symbolic link/);
    expect((await run(['list', '--json'])).stdout).not.toContain('Secret');
  });
});
