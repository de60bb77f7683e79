import { describe, expect, it } from 'vitest';
import { extractFigures } from './extract-figures.ts';

describe('extractFigures', () => {
  it('finds percentages and dollar amounts with their positions', () => {
    const markdown =
      'Equity is **63.97%** of $6,800; bonds 21 percent. Fees: $1.56 a year, about $1.2 million by 65, or $45k.';
    const figures = extractFigures(markdown);
    expect(figures.map(({ kind, text, value, step }) => ({ kind, text, value, step }))).toEqual([
      { kind: 'pct', text: '63.97%', value: 63.97, step: 0.01 },
      { kind: 'usd', text: '$6,800', value: 6800, step: 1 },
      { kind: 'pct', text: '21 percent', value: 21, step: 1 },
      { kind: 'usd', text: '$1.56', value: 1.56, step: 0.01 },
      { kind: 'usd', text: '$1.2 million', value: 1_200_000, step: 100_000 },
      { kind: 'usd', text: '$45k', value: 45_000, step: 1000 },
    ]);
    for (const figure of figures)
      expect(markdown.slice(figure.start, figure.end)).toBe(figure.text);
  });

  it('reads signs, billions, percentage points and bare decimals', () => {
    const figures = extractFigures('Drift −3.5 percentage points; -$250 fee; $2.5bn fund; .5% cut');
    expect(figures.map((figure) => [figure.text, figure.value])).toEqual([
      ['−3.5 percentage points', -3.5],
      ['-$250', -250],
      ['$2.5bn', 2_500_000_000],
      ['.5%', 0.5],
    ]);
  });

  it('ignores years and plain numbers', () => {
    expect(
      extractFigures('In 2025 the 3 funds held 1,200 shares; $ sign alone; 5 mangoes'),
    ).toEqual([]);
  });

  it('reads a stated margin as a figure in points, once', () => {
    const markdown = 'Success 80.5% ± 0.8; spending ± 1.2 points; +/- 3 percentage points; ±0.4%.';
    const figures = extractFigures(markdown);
    expect(figures.map((figure) => [figure.kind, figure.text, figure.value, figure.step])).toEqual([
      ['pct', '80.5%', 80.5, 0.1],
      ['pct', '± 0.8', 0.8, 0.1],
      ['pct', '± 1.2 points', 1.2, 0.1],
      ['pct', '+/- 3 percentage points', 3, 1],
      ['pct', '±0.4%', 0.4, 0.1],
    ]);
  });
});
