// Valid model answers for the three specialists on the demo portfolio, for tests that run a
// whole analysis through the fake OpenAI-compatible server (one model name per specialist).
// The report quotes one figure, the demo's total at the reference seed prices, so its fact
// check passes; the chart selection and the retirement narrative quote none.
import { REPORT_SECTIONS } from '../../src/agents/reporter/index.ts';

/** The demo portfolio's value at the reference seed prices (see the pipeline integration test). */
export const DEMO_TOTAL_USD = 254_396.8;

/** A report with every section, quoting one figure (the demo's total, rounded to the dollar). */
export const REPORT_MARKDOWN = [
  '# Portfolio report',
  '',
  ...REPORT_SECTIONS.flatMap((section) => [
    `## ${section}`,
    '',
    `Notes on ${section.toLowerCase()}.`,
    '',
  ]),
]
  .join('\n')
  .replace(
    'Notes on executive summary.',
    'Your portfolio is worth $254,397 across three accounts.',
  );

/** Four of the demo's computed chart datasets, described without figures. */
export const CHART_SELECTION = {
  charts: [
    {
      key: 'asset_class_allocation',
      title: 'What your money is in',
      description: 'Mostly stocks.',
    },
    { key: 'top_holdings', title: 'Biggest holdings', description: 'Broad funds lead.' },
    { key: 'region_allocation', title: 'Where in the world', description: 'Mostly at home.' },
    { key: 'account_values', title: 'By account', description: 'Three accounts.' },
  ],
};

/** A retirement narrative that quotes no figure, so every engine result may stand as it is. */
export const RETIREMENT_NARRATIVE = {
  readiness: 'The projection looks at the plan across many market paths.',
  risks: '- A weak market early in retirement hurts most.',
  levers: 'Saving more or retiring later both help.',
  limitations: 'Taxes and other income are left out.',
};

/**
 * The report as a model wrote it: the stored report carries the X-ray section that code writes
 * after Diversification (src/agents/reporter/xray-section.ts), which no model answer contains.
 */
export function withoutXraySection(markdown: string): string {
  return markdown.replace(/## X-ray\n[\s\S]*?(?=\n## )/, '').replace(/\n\n\n+/g, '\n\n');
}
