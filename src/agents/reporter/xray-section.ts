import { xrayPortfolio, type AllowedFact, type Xray } from '../../core/index.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import { formatPct } from '../format.ts';
import { markdownText } from '../markdown-safety.ts';

// The section lists this many companies; `alex xray --json` and GET /api/xray have them all.
const COMPANIES_SHOWN = 5;

export const XRAY_HEADING = '## X-ray';

/** The X-ray of the snapshot, the same computation the CLI and the API run. */
export function reportXray(snapshot: PortfolioSnapshot): Xray {
  return xrayPortfolio({
    input: snapshot.portfolio,
    analytics: snapshot.analytics,
    annualSpendingUsd: snapshot.user.targetRetirementIncomeUsd,
    ...(snapshot.user.xrayThresholds ? { profileThresholds: snapshot.user.xrayThresholds } : {}),
  });
}

const STATUS_WORDS = { passed: 'Pass', failed: 'Fail', not_evaluated: 'Not evaluated' } as const;

function valueText(value: number, unit: 'months' | 'pct' | 'points'): string {
  if (unit === 'pct') return formatPct(value, value < 1 ? 2 : 1);
  return `${value.toFixed(1)} ${unit === 'months' ? 'months' : 'points'}`;
}

/**
 * The report's X-ray section, written by code for both writers (the model does not retype it):
 * the rules, the companies behind the funds and the currency exposure.
 */
export function xraySection(xray: Xray): string {
  const rules = [
    '| Rule | Result | Value | Threshold | Why |',
    '| --- | --- | --- | --- | --- |',
    ...xray.rules.map(
      (rule) =>
        `| ${rule.title} | ${STATUS_WORDS[rule.status]} | ${
          rule.value === null ? 'unknown' : valueText(rule.value, rule.unit)
        } | ${rule.comparison === 'at_least' ? 'at least' : 'at most'} ${valueText(rule.threshold, rule.unit)} | ${markdownText(rule.why)} |`,
    ),
  ];
  const companies = xray.lookThrough.companies.slice(0, COMPANIES_SHOWN).map((company) => {
    const via = company.through.map((part) =>
      part.via === 'direct' ? 'your own shares' : part.via,
    );
    return `- ${markdownText(company.name)}: ${formatPct(company.pct)} of your money, through ${via.join(', ')}.`;
  });
  const overlap = xray.lookThrough.overlap[0];
  const currencies = xray.currencies.map(
    (bucket) => `${markdownText(bucket.label)} ${formatPct(bucket.pct)}`,
  );
  const parts = [
    XRAY_HEADING,
    'Rules of thumb checked against your portfolio; you can change each threshold in your profile.',
    rules.join('\n'),
    companies.length > 0
      ? `Largest single-company exposures, funds looked through (at least; only funds' top holdings are known):\n\n${companies.join('\n')}`
      : 'No company exposure is known: no stocks are held directly and no held fund has shipped holdings.',
    ...(overlap
      ? [
          `The two funds that overlap most, ${overlap.funds.join(' and ')}, share at least ${formatPct(overlap.sharedWeightPct)} of their weight (${overlap.companies.map(markdownText).join(', ')}).`,
        ]
      : []),
    `Currency exposure: ${currencies.join('; ')}. A region is not a currency, so only cash and US-only holdings are counted as US dollars.`,
    xray.notes.slice(1).join(' '),
  ];
  return parts.filter((part) => part.length > 0).join('\n\n');
}

/** Every figure the section can quote, for the fact check. */
export function xrayFacts(xray: Xray): AllowedFact[] {
  const pct = (value: number): AllowedFact => ({ value, unit: 'pct' });
  return [
    ...xray.rules.flatMap((rule) => [
      pct(rule.threshold),
      ...(rule.value !== null ? [pct(rule.value)] : []),
    ]),
    ...xray.lookThrough.companies.flatMap((company) => [
      pct(company.pct),
      ...company.through.map((part) => pct(part.pct)),
    ]),
    ...xray.lookThrough.overlap.map((overlap) => pct(overlap.sharedWeightPct)),
    ...xray.lookThrough.lookedThrough.flatMap((fund) => [
      pct(fund.pct),
      pct(fund.coveredWeightPct),
    ]),
    ...xray.lookThrough.notLookedThrough.map((fund) => pct(fund.pct)),
    ...xray.currencies.map((bucket) => pct(bucket.pct)),
  ];
}

/**
 * The section placed after Diversification (before Risk Profile), or at the end if that is
 * missing. An "## X-ray" section the model wrote anyway is replaced: the code's figures stand.
 */
export function withXraySection(markdown: string, section: string): string {
  const own = /^##[ \t]+X-ray[ \t]*$/im.exec(markdown);
  let text = markdown;
  if (own) {
    const rest = markdown.slice(own.index + own[0].length);
    const next = /^##[ \t]/m.exec(rest);
    text = markdown.slice(0, own.index) + (next ? rest.slice(next.index) : '');
  }
  const before = /^##[ \t]+Risk Profile[ \t]*$/im.exec(text);
  if (!before) return `${text.trimEnd()}\n\n${section}\n`;
  return `${text.slice(0, before.index)}${section}\n\n${text.slice(before.index)}`;
}
