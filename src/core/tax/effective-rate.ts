import {
  FEDERAL_TAX_2024,
  type FederalTaxYear,
  type FilingStatus,
} from './federal-brackets-2024.ts';

/**
 * Federal income tax on `incomeUsd` of ordinary income: the standard deduction, then each
 * bracket's rate on the part of the taxable income inside it. No credits, no other deductions,
 * no capital-gains rates, no state tax.
 */
export function federalIncomeTaxUsd(
  incomeUsd: number,
  status: FilingStatus,
  year: FederalTaxYear = FEDERAL_TAX_2024,
): number {
  const taxable = Math.max(0, incomeUsd - year.standardDeductionUsd[status]);
  const brackets = year.brackets[status];
  let tax = 0;
  for (let index = 0; index < brackets.length; index++) {
    const bracket = brackets[index]!;
    const top = brackets[index + 1]?.overUsd ?? Number.POSITIVE_INFINITY;
    if (taxable <= bracket.overUsd) break;
    tax += (Math.min(taxable, top) - bracket.overUsd) * bracket.rate;
  }
  return tax;
}

/** The average federal rate on `incomeUsd` (tax / income; 0 for no income). */
export function effectiveFederalRate(
  incomeUsd: number,
  status: FilingStatus,
  year: FederalTaxYear = FEDERAL_TAX_2024,
): number {
  return incomeUsd > 0 ? federalIncomeTaxUsd(incomeUsd, status, year) / incomeUsd : 0;
}

/**
 * The rate tax-deferred withdrawals are grossed up by when the user sets none: the average
 * federal rate on an ordinary income equal to the first year's spending, the tax year's dollars
 * taken as today's (the brackets and deduction are indexed to inflation, so in real terms they
 * stay roughly where they are). An approximation: the real rate depends on the year's whole
 * income, which this flat rate does not follow.
 */
export function defaultTaxDeferredRate(
  firstYearSpendingUsd: number,
  status: FilingStatus,
): { rate: number; source: string } {
  const year = FEDERAL_TAX_2024;
  const rate = effectiveFederalRate(firstYearSpendingUsd, status, year);
  return {
    rate,
    source:
      `average ${year.taxYear} federal rate (${status === 'single' ? 'single' : 'married filing jointly'}, ` +
      `standard deduction) on $${Math.round(firstYearSpendingUsd).toLocaleString('en-US')} of ` +
      `ordinary income, the first year's spending; ${year.source}`,
  };
}
