// Finds the figures a text states, so each can be checked against numbers computed by code.

export interface Figure {
  kind: 'pct' | 'usd';
  /** The figure as written, e.g. `$1.2 million`. */
  text: string;
  /** Its value: dollars for `usd`, percent (12.3 for 12.3%) for `pct`; negative when signed so. */
  value: number;
  /** The rounding unit the text implies: 0.1 for 12.3%, 100,000 for $1.2 million. */
  step: number;
  /** Position in the text: `text === markdown.slice(start, end)`. */
  start: number;
  end: number;
}

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+`;
const SIGN = String.raw`[-−+]?`;
const SCALE_WORDS = String.raw`trillion|billion|million|thousand|tn|bn|mn|[kmbKMB]`;
const DOLLAR_PATTERN = new RegExp(
  String.raw`(${SIGN})\$\s?(${NUMBER})(?:\s?(${SCALE_WORDS})\b)?`,
  'g',
);
const PERCENT_PATTERN = new RegExp(
  String.raw`(?<![\d.,$])(${SIGN})(${NUMBER})\s?(%|percent(?:age points?)?\b|per cent\b|pct\b)`,
  'gi',
);

// A stated margin ("80.5% ± 0.8", "± 0.9 points", "+/- 1.2 percentage points") is itself a
// figure in percentage points: a model could state a margin the simulation never produced.
const MARGIN_PATTERN = new RegExp(
  String.raw`(?:±|\+/-)\s?(${NUMBER})(?:\s?(?:%|percentage points?\b|points?\b|pts?\b|pp\b))?`,
  'gi',
);

const SCALES: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
};

/** Every percentage and dollar amount in the text, in order of position. */
export function extractFigures(markdown: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of markdown.matchAll(DOLLAR_PATTERN)) {
    const [text, sign = '', digits = '', scaleWord] = match;
    const scale = scaleWord ? (SCALES[scaleWord.toLowerCase()] ?? 1) : 1;
    figures.push(figureOf('usd', text, sign, digits, scale, match.index));
  }
  const margins: Figure[] = [];
  for (const match of markdown.matchAll(MARGIN_PATTERN)) {
    const [text, digits = ''] = match;
    margins.push(figureOf('pct', text, '', digits, 1, match.index));
  }
  figures.push(...margins);
  for (const match of markdown.matchAll(PERCENT_PATTERN)) {
    const [text, sign = '', digits = ''] = match;
    // "± 0.8%" is one margin figure, not also a percentage.
    if (margins.some((margin) => match.index >= margin.start && match.index < margin.end)) continue;
    figures.push(figureOf('pct', text, sign, digits, 1, match.index));
  }
  return figures.sort((left, right) => left.start - right.start);
}

function figureOf(
  kind: Figure['kind'],
  text: string,
  sign: string,
  digits: string,
  scale: number,
  start: number,
): Figure {
  const plain = digits.replaceAll(',', '');
  const decimals = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
  const negative = sign === '-' || sign === '−';
  // Work in integer units of the last written digit to avoid binary fractions (1.2 × 1e6).
  const units = Number(plain.replace('.', ''));
  const value = ((negative ? -1 : 1) * units * scale) / 10 ** decimals;
  return { kind, text, value, step: scale / 10 ** decimals, start, end: start + text.length };
}
