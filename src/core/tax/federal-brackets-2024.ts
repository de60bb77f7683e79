// US federal income tax, tax year 2024: the ordinary-income rate schedules and the basic standard
// deduction for two filing statuses, as data. Source: Internal Revenue Service, Revenue Procedure
// 2023-34 (inflation adjustments for tax year 2024, published November 2023; irs.gov/pub/irs-drop/
// rp-23-34.pdf), section 3.01 (tax rate tables, the schedules for married individuals filing joint
// returns and for unmarried individuals) and section 3.15 (standard deduction). The IRS document
// itself was not fetched here; every figure below was read from two independent public copies
// that cite it (listed in data/README.md, "Federal tax brackets") and agreed in both.

import { FILING_STATUSES } from '../../contracts/tax-plan.ts';

/** Filing statuses the simple bracket model covers (named in the contract). */
export { FILING_STATUSES };
export type FilingStatus = (typeof FILING_STATUSES)[number];

/** One bracket: income above `overUsd` (up to the next bracket's) is taxed at `rate`. */
export interface TaxBracket {
  overUsd: number;
  rate: number;
}

export interface FederalTaxYear {
  taxYear: number;
  source: string;
  asOf: string;
  standardDeductionUsd: Record<FilingStatus, number>;
  brackets: Record<FilingStatus, readonly TaxBracket[]>;
}

export const FEDERAL_TAX_2024: FederalTaxYear = {
  taxYear: 2024,
  source:
    'IRS Revenue Procedure 2023-34, sections 3.01 (tax rate tables) and 3.15 (standard deduction)',
  asOf: 'November 2023',
  standardDeductionUsd: { single: 14_600, married_joint: 29_200 },
  brackets: {
    single: [
      { overUsd: 0, rate: 0.1 },
      { overUsd: 11_600, rate: 0.12 },
      { overUsd: 47_150, rate: 0.22 },
      { overUsd: 100_525, rate: 0.24 },
      { overUsd: 191_950, rate: 0.32 },
      { overUsd: 243_725, rate: 0.35 },
      { overUsd: 609_350, rate: 0.37 },
    ],
    married_joint: [
      { overUsd: 0, rate: 0.1 },
      { overUsd: 23_200, rate: 0.12 },
      { overUsd: 94_300, rate: 0.22 },
      { overUsd: 201_050, rate: 0.24 },
      { overUsd: 383_900, rate: 0.32 },
      { overUsd: 487_450, rate: 0.35 },
      { overUsd: 731_200, rate: 0.37 },
    ],
  },
};
