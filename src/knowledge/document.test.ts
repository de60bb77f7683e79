import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { normaliseTags, readKnowledgeDocument } from './document.ts';

const NOTE = `---
title: Tax Location
source: Alex starter corpus
date: 2026-11-24
tags: [Tax, accounts, tax]
---
# Tax Location

## Which account

Bonds in tax-deferred accounts.
`;

describe('readKnowledgeDocument', () => {
  it('takes metadata from the front matter and normalises tags', () => {
    const document = readKnowledgeDocument(NOTE, 'data/knowledge/tax-location.md');
    expect(document).toMatchObject({
      origin: 'data/knowledge/tax-location.md',
      title: 'Tax Location',
      source: 'Alex starter corpus',
      published: '2026-11-24',
      tags: ['tax', 'accounts'],
    });
    expect(document.chunks.map((chunk) => chunk.heading)).toEqual(['Tax Location › Which account']);
    expect(document.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the document hash on any edit, but not the hash of untouched chunks', () => {
    const before = readKnowledgeDocument(`${NOTE}\n## More\n\nNew text.`, 'a.md');
    const after = readKnowledgeDocument(`${NOTE}\n## More\n\nNewer text.`, 'a.md');
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(after.chunks[0]?.contentHash).toBe(before.chunks[0]?.contentHash);
    expect(after.chunks[1]?.contentHash).not.toBe(before.chunks[1]?.contentHash);
  });

  it('without front matter takes the first # heading as title and the origin as source', () => {
    const document = readKnowledgeDocument('# My Notes\n\nSome text.', 'notes/mine.md');
    expect(document).toMatchObject({
      title: 'My Notes',
      source: 'notes/mine.md',
      published: null,
      tags: [],
    });
    expect(readKnowledgeDocument('just text', 'notes/plain-file.txt').title).toBe('plain-file');
  });

  it('rejects a bad date and an empty document, naming the file', () => {
    expect(() => readKnowledgeDocument('---\ndate: 24/11/2026\n---\ntext', 'bad.md')).toThrow(
      /bad\.md\.date: must be a date written YYYY-MM-DD/,
    );
    expect(() => readKnowledgeDocument('---\ntitle: x\n---\n\n', 'empty.md')).toThrow(InputError);
  });
});

describe('normaliseTags', () => {
  it('splits on commas everywhere, lower-cases and removes duplicates', () => {
    expect(normaliseTags(['Bonds, tax', 'bonds', ' '])).toEqual(['bonds', 'tax']);
    expect(normaliseTags('a,B')).toEqual(['a', 'b']);
    expect(normaliseTags(undefined)).toEqual([]);
  });
});
