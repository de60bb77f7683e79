import {
  compareFigures,
  extractFigures,
  type AllowedFact,
  type FigureMismatch,
} from '../../core/index.ts';
import type { ReportPayload } from '../../contracts/payloads.ts';

/** The report's sections (DESIGN.md, Reporter), each a `## ` heading. */
export const REPORT_SECTIONS = [
  'Executive Summary',
  'Portfolio Composition',
  'Diversification',
  'Risk Profile',
  'Retirement Readiness',
  'Recommendations',
  'Market Context',
  'Conclusion',
] as const;

// Characters of surrounding text kept with a mismatch, so a reader can find the sentence.
const MISMATCH_CONTEXT_CHARS = 40;

export function missingSections(markdown: string): string[] {
  return REPORT_SECTIONS.filter(
    (section) => !new RegExp(`^##[ \\t]+${section}[ \\t]*$`, 'im').test(markdown),
  );
}

export interface FigureCheck {
  /** Percentages and dollar amounts found in the text. */
  figures: number;
  mismatches: FigureMismatch[];
}

/**
 * Every percentage and dollar amount in the text against the computed facts. Names the user
 * typed (an account called "401k 6% match") are blanked first: quoting them is not a claim.
 */
export function checkFigures(
  markdown: string,
  facts: readonly AllowedFact[],
  userNames: readonly string[] = [],
): FigureCheck {
  let checked = markdown;
  for (const name of userNames.filter((text) => /[$%]/.test(text))) {
    checked = checked.replaceAll(name, ' '.repeat(name.length));
  }
  const figures = extractFigures(checked);
  return { figures: figures.length, mismatches: compareFigures(figures, facts) };
}

/** Problems to send back to the model in the repair round. */
export function reportProblems(markdown: string, check: FigureCheck): string[] {
  return [
    ...missingSections(markdown).map(
      (section) => `the section heading "## ${section}" is missing; use it exactly`,
    ),
    ...check.mismatches.map(
      (mismatch) =>
        `"${mismatch.text}" (in "…${around(markdown, mismatch)}…"): ${mismatch.reason}; ` +
        'quote only figures from the portfolio data, rounded as given, or leave the number out',
    ),
  ];
}

/** The payload's fact_check: mismatches keep their text, reason and the words around them. */
export function toFactCheck(
  markdown: string,
  check: FigureCheck,
  repaired: boolean,
): ReportPayload['fact_check'] {
  return {
    figures: check.figures,
    mismatches: check.mismatches.map((mismatch) => ({
      text: mismatch.text,
      reason: mismatch.reason,
      context: around(markdown, mismatch),
    })),
    repaired,
  };
}

/** The figure with about MISMATCH_CONTEXT_CHARS of text either side, cut at whole words. */
function around(markdown: string, mismatch: FigureMismatch): string {
  const before = markdown.slice(0, mismatch.figure.start);
  const after = markdown.slice(mismatch.figure.end);
  const startCut = before.length - MISMATCH_CONTEXT_CHARS;
  const start = startCut <= 0 ? 0 : before.indexOf(' ', startCut) + 1;
  const endCut = after.lastIndexOf(' ', MISMATCH_CONTEXT_CHARS);
  const end = after.length <= MISMATCH_CONTEXT_CHARS || endCut < 0 ? after.length : endCut;
  return `${before.slice(start)}${mismatch.text}${after.slice(0, end)}`.replace(/\s+/g, ' ').trim();
}
