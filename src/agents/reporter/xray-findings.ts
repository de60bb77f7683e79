import type { Xray, XrayRuleResult } from '../../core/index.ts';
import { formatPct } from '../format.ts';
import { markdownText } from '../markdown-safety.ts';
import type { Finding } from './finding.ts';

/**
 * Findings for the failed X-ray rules the other findings do not already cover (drift, home bias
 * and fees have their own, judged with the same thresholds; currency concentration is what the
 * home-bias finding already advises on, so it stays in the X-ray section only). Weights order them among findings
 * of the same priority: the dollars the rule is about.
 */
export function xrayFindings(xray: Xray): Finding[] {
  const failed = (id: XrayRuleResult['id']) =>
    xray.rules.find((rule) => rule.id === id && rule.status === 'failed');
  const findings: Finding[] = [];
  const emergency = failed('emergency_fund');
  if (emergency && emergency.value !== null) {
    findings.push({
      priority: 'medium',
      title: 'Build an emergency fund in a taxable account',
      detail:
        `Cash in taxable accounts covers about ${emergency.value.toFixed(1)} months of your target income, ` +
        `short of the ${emergency.threshold} months the X-ray asks for. Cash inside retirement accounts ` +
        'cannot be spent early without tax and often a penalty, so a bill or a job loss could force a sale at a bad time.',
      knowledgeQuery: 'emergency fund cash reserve',
      weightUsd: 0,
      facts: [],
    });
  }
  const company = failed('single_company');
  const largest = xray.lookThrough.companies[0];
  // Shares held only outright are the single-stock findings' business.
  if (company && largest && largest.through.some((part) => part.via !== 'direct')) {
    const via = largest.through.map((part) =>
      part.via === 'direct' ? 'your own shares' : part.via,
    );
    findings.push({
      priority: 'medium',
      title: `Limit how much rides on ${markdownText(largest.name)}`,
      detail:
        `${markdownText(largest.name)} is at least ${formatPct(largest.pct)} of your money, through ${via.join(', ')}, ` +
        `above the ${formatPct(company.threshold, 0)} the X-ray allows one company. Funds that hold it count too.`,
      knowledgeQuery: 'concentration risk single stock',
      weightUsd: largest.valueCents / 100,
      facts: [],
    });
  }
  const account = failed('account_concentration');
  if (account && account.value !== null) {
    findings.push({
      priority: 'low',
      title: 'Spread money across accounts or providers',
      detail:
        `One account holds ${formatPct(account.value)} of the portfolio, above the ${formatPct(account.threshold, 0)} ` +
        'the X-ray allows. Retirement accounts are often this large by design; if they sit with one provider, ' +
        'a second provider for new savings limits what one error or outage can reach.',
      knowledgeQuery: 'account diversification provider risk',
      weightUsd: 0,
      facts: [],
    });
  }
  return findings;
}
