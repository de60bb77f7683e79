import { describe, expect, it } from 'vitest';
import { compareFigures } from './compare-figures.ts';
import { extractFigures } from './extract-figures.ts';

describe('compareFigures', () => {
  const figures = (text: string) => extractFigures(text);

  it('accepts a figure that is a fact rounded as the text shows it', () => {
    expect(compareFigures(figures('$1.2 million'), [1_234_567])).toEqual([]);
    expect(compareFigures(figures('12%'), [12.4])).toEqual([]);
    expect(compareFigures(figures('12.3%'), [12.25])).toEqual([]);
    expect(compareFigures(figures('$45k and $6,800'), [45_499, 6800.4])).toEqual([]);
    expect(compareFigures(figures('fell 3.2%'), [{ value: -3.2, unit: 'pct' }])).toEqual([]);
  });

  it('reports figures that match no fact, with a reason', () => {
    const mismatches = compareFigures(
      figures('Equity is 64.5% of $1.3 million'),
      [63.97, 1_234_567],
    );
    expect(mismatches.map((mismatch) => [mismatch.text, mismatch.reason])).toEqual([
      ['64.5%', 'no computed percentage rounds to 64.5%'],
      ['$1.3 million', 'no computed dollar amount rounds to $1.3 million'],
    ]);
  });

  it('keeps units apart when facts carry them', () => {
    expect(compareFigures(figures('$12'), [{ value: 12, unit: 'pct' }])).toHaveLength(1);
    expect(compareFigures(figures('12%'), [{ value: 12, unit: 'pct' }])).toEqual([]);
  });
});
