import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk.ts';

describe('chunkDocument', () => {
  it('splits at # and ## headings and names each chunk by title › section', () => {
    const chunks = chunkDocument(
      [
        '# Rebalancing',
        'Intro paragraph.',
        '## Calendar',
        'Once a year.',
        '### Detail',
        'Stays in Calendar.',
        '## Thresholds',
        'When a class drifts five points.',
      ].join('\n'),
    );
    expect(chunks).toEqual([
      { ordinal: 0, heading: 'Rebalancing', text: 'Intro paragraph.' },
      {
        ordinal: 1,
        heading: 'Rebalancing › Calendar',
        text: 'Once a year.\n### Detail\nStays in Calendar.',
      },
      { ordinal: 2, heading: 'Rebalancing › Thresholds', text: 'When a class drifts five points.' },
    ]);
  });

  it('uses the given title before the first # heading and skips empty sections', () => {
    const chunks = chunkDocument('Plain text first.\n\n## Empty\n\n## Full\nBody.', {
      title: 'Notes',
    });
    expect(chunks.map((chunk) => [chunk.heading, chunk.text])).toEqual([
      ['Notes', 'Plain text first.'],
      ['Notes › Full', 'Body.'],
    ]);
  });

  it('treats headings inside fenced code as text', () => {
    const chunks = chunkDocument('# Doc\n```\n# not a heading\n```\nAfter.');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.text).toBe('```\n# not a heading\n```\nAfter.');
  });

  it('packs paragraphs up to the size limit and splits long ones at sentence ends', () => {
    const sentence = (n: number) => `Sentence number ${n} says something about bonds.`;
    const long = Array.from({ length: 30 }, (_, index) => sentence(index)).join(' ');
    const chunks = chunkDocument(`# T\n\nShort one.\n\nShort two.\n\n${long}`, { maxChars: 300 });
    expect(chunks[0]?.text.startsWith('Short one.\n\nShort two.')).toBe(true);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(300);
      expect(chunk.text.endsWith('.')).toBe(true);
    }
    // Every sentence survives exactly once, in order.
    const rejoined = chunks.map((chunk) => chunk.text).join(' ');
    expect(rejoined.match(/Sentence number \d+/g)).toEqual(
      Array.from({ length: 30 }, (_, index) => `Sentence number ${index}`),
    );
  });

  it('cuts a single word longer than the limit', () => {
    const chunks = chunkDocument('x'.repeat(25), { maxChars: 10 });
    expect(chunks.map((chunk) => chunk.text.length)).toEqual([10, 10, 5]);
  });
});
