// How the user's money is taxed in the retirement projection (issue 16, "Taxes"): filing status
// (for the default rate), withdrawal order and an optional flat rate on tax-deferred withdrawals.
// One JSONB document read back through taxPlanSchema (contracts/tax-plan.ts); existing users get
// the defaults. Built with jsonb_build_object, not a JSON literal, for the RDS Data API (see
// 0007: it reads `:name` inside a literal as a parameter).
export const migration = {
  name: '0009-user-tax-plan',
  sql: `
ALTER TABLE users ADD COLUMN tax_plan jsonb NOT NULL DEFAULT jsonb_build_object('filing_status', 'single', 'withdrawal_order', 'taxable_first', 'tax_deferred_rate', NULL);
`,
};
