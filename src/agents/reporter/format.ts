// How the reporter writes words around its figures. The figures themselves go through
// `../format.ts` (formatUsd, formatPct), so the fact check always recognises them.

/** `4.0 percentage points`: a difference between two percentages. */
export function formatPoints(points: number): string {
  return `${Math.abs(points).toFixed(1)} percentage points`;
}

/** The text as one sentence: capitalised, ending with a full stop. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** `fixed_income` → `fixed income`. */
export function keyWords(key: string): string {
  return key.replaceAll('_', ' ');
}

const ACCOUNT_TYPE_WORDS: Record<string, string> = {
  taxable: 'taxable',
  tax_deferred: 'tax-deferred',
  tax_free: 'tax-free',
};

export function accountTypeWords(type: string): string {
  return ACCOUNT_TYPE_WORDS[type] ?? keyWords(type);
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
