import type { RetirementPayload } from '../api/types.ts';
import { MarkdownText } from './markdown.tsx';
import { RetirementFigures, type RetirementFiguresData } from './retirement-figures.tsx';

/** 1.96 standard errors (95%), the margin the report states beside the success rate. */
const Z_95 = 1.96;

export function fromRetirementPayload(payload: RetirementPayload): RetirementFiguresData {
  const results = payload.results;
  const standardError = results.success_standard_error;
  return {
    successPct: results.success_probability,
    marginPct: typeof standardError === 'number' ? standardError * Z_95 : null,
    simulations: results.simulations,
    medianAtRetirementUsd: results.median_at_retirement,
    sustainableSpendingUsd: results.sustainable_spending_at_90pct,
    series: payload.series,
    depletion: results.depletion_age_histogram.map((bucket) => ({
      age: bucket.age,
      count: bucket.count,
    })),
    incomeMinimum: results.income?.minimum ?? null,
    incomeByYear: results.income?.by_year ?? [],
    levers: payload.levers,
  };
}

export function RetirementTab({ retirement }: { retirement: RetirementPayload }) {
  return (
    <div>
      <RetirementFigures data={fromRetirementPayload(retirement)} />
      <h3>What it means</h3>
      <MarkdownText text={retirement.analysis} />
    </div>
  );
}
