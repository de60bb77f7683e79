import type { Figure } from './extract-figures.ts';

/** A number computed by code that a text may quote; a bare number may be quoted as either unit. */
export type AllowedFact = number | { value: number; unit: 'usd' | 'pct' };

export interface FigureMismatch {
  figure: Figure;
  text: string;
  reason: string;
}

/**
 * Figures that match no allowed fact. A figure matches a fact of its unit when it is that fact
 * rounded as the text rounds it: "$1.2 million" matches 1,234,567 (step $100,000), "12%"
 * matches 12.4 (step 1). Magnitudes are compared, so "fell 3.2%" matches a fact of −3.2.
 * A fact exactly halfway between two roundings matches both.
 */
export function compareFigures(
  figures: readonly Figure[],
  allowedFacts: readonly AllowedFact[],
): FigureMismatch[] {
  const facts = allowedFacts.map((fact) =>
    typeof fact === 'number' ? { value: fact, unit: null } : fact,
  );
  return figures
    .filter(
      (figure) =>
        !facts.some(
          (fact) =>
            (fact.unit === null || fact.unit === figure.kind) && roundsTo(fact.value, figure),
        ),
    )
    .map((figure) => ({
      figure,
      text: figure.text,
      reason: `no computed ${figure.kind === 'usd' ? 'dollar amount' : 'percentage'} rounds to ${figure.text}`,
    }));
}

function roundsTo(fact: number, figure: Figure): boolean {
  const difference = Math.abs(Math.abs(fact) - Math.abs(figure.value));
  const slack = 1e-9 * Math.max(1, Math.abs(fact));
  return difference <= figure.step / 2 + slack;
}
