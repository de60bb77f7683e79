// A knowledge note whose title is markdown for a tracking pixel and a phishing link, ingested
// with the real CLI into a real embedded database, then quoted by a real analysis job: the
// stored report names the note but shows its title as text (no image, no link), while the
// payload's `sources` keeps the title as data.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';
import { runAlex } from '../helpers/worker-process.ts';

const HOSTILE_TITLE = '![](http://evil.example/p.png) [Claim](http://evil.example/login)';

// Worded for the demo's top finding (rebalancing toward targets), so the offline reporter's
// knowledge search finds it and cites it.
const NOTE = `---
title: "${HOSTILE_TITLE}"
---
# Rebalancing drift back to target allocation

Rebalancing corrects drift from a target allocation. When drift from the target allocation
grows, rebalancing toward the target allocation restores the intended mix.
`;

const storedJobSchema = z.object({
  status: z.string(),
  report_payload: z.object({
    content: z.string(),
    sources: z.array(z.object({ id: z.string(), title: z.string() })),
  }),
});

/**
 * What a CommonMark/GFM renderer would turn into an image or a link: unescaped `![`, `](`,
 * `<`, or a bare web address. Backslash-escaped characters are text, so they are removed first.
 */
function renderedLinks(markdown: string): string[] {
  const unescaped = markdown.replace(/\\[\s\S]/g, ' ');
  return [/!\[/g, /\]\(/g, /</g, /https?:\/\//gi, /www\./gi, /\w@\w/g].flatMap(
    (pattern) => unescaped.match(pattern) ?? [],
  );
}

let directory: string;
let env: Record<string, string>;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'alex-injected-markdown-'));
  mkdirSync(join(directory, 'notes'));
  writeFileSync(join(directory, 'notes', 'rebalancing.md'), NOTE);
  env = { ALEX_DATA_DIR: join(directory, '.alex'), ALEX_LOG_LEVEL: 'error' };
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('a knowledge note with markdown in its title', () => {
  it('is cited in the stored report as text: no image, no link to its host', async () => {
    const ingest = await runAlex(['kb', 'ingest', 'notes'], {
      cwd: directory,
      env,
      timeoutMs: 120_000,
    });
    expect(ingest.code, ingest.stderr).toBe(0);

    const analysis = await runAlex(['analyze', '--demo', '--json'], {
      cwd: directory,
      env,
      timeoutMs: 180_000,
    });
    expect(analysis.code, analysis.stderr).toBe(0);
    // `analyze --json` prints the job as stored once it finished.
    const job = parseJson(analysis.stdout, storedJobSchema, 'analyze --json');
    expect(job.status).toBe('completed');

    const note = job.report_payload.sources.find((source) => source.title === HOSTILE_TITLE);
    expect(note, 'the note was retrieved and kept in sources as data').toBeDefined();
    const content = job.report_payload.content;
    expect(content).toContain(`[${note?.id ?? ''}]`);
    expect(content).toContain('evil.example');
    expect(renderedLinks(content)).toEqual([]);
  }, 360_000);
});
