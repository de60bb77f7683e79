import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './front-matter.ts';

describe('parseFrontMatter', () => {
  it('reads key: value lines and [a, b] lists between the --- lines', () => {
    const { attributes, body } = parseFrontMatter(
      [
        '---',
        'title: Cash Drag',
        'source: "Alex starter corpus"',
        'date: 2026-11-24',
        'tags: [cash, returns, opportunity-cost]',
        '---',
        '# Cash Drag',
        'Text.',
      ].join('\n'),
    );
    expect(attributes).toEqual({
      title: 'Cash Drag',
      source: 'Alex starter corpus',
      date: '2026-11-24',
      tags: ['cash', 'returns', 'opportunity-cost'],
    });
    expect(body).toBe('# Cash Drag\nText.');
  });

  it('keeps a colon inside a value and ignores lines that are not key: value', () => {
    const { attributes } = parseFrontMatter(
      '---\ntitle: Bonds: a primer\n  - stray list item\nTags: [A, "b c"]\n---\nbody',
    );
    expect(attributes).toEqual({ title: 'Bonds: a primer', tags: ['A', 'b c'] });
  });

  it('leaves a document without front matter, or with an unclosed block, whole', () => {
    expect(parseFrontMatter('# Notes\n---\ntext')).toEqual({
      attributes: {},
      body: '# Notes\n---\ntext',
    });
    expect(parseFrontMatter('---\ntitle: x\nno end')).toEqual({
      attributes: {},
      body: '---\ntitle: x\nno end',
    });
  });

  it('accepts Windows line ends and a byte-order mark', () => {
    const { attributes, body } = parseFrontMatter('\uFEFF---\r\ntitle: T\r\n---\r\nbody\r\n');
    expect(attributes).toEqual({ title: 'T' });
    expect(body).toBe('body\n');
  });
});
