// The user's own thresholds for the portfolio X-ray's rules (issue 16), e.g. {"emergency_fund": 6}.
// One JSONB object read back through xrayThresholdsSchema (contracts/xray.ts); a rule not named
// keeps its documented default. Empty for existing users. Numbered 0010: 0008 and 0009 belong to
// other changes of the same issue.
export const migration = {
  name: '0010-user-xray-thresholds',
  sql: `
ALTER TABLE users ADD COLUMN xray_thresholds jsonb NOT NULL DEFAULT '{}'::jsonb;
`,
};
