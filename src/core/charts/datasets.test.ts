import { describe, expect, it } from 'vitest';
import { chartSchema } from '../../contracts/payloads.ts';
import { simulateRetirement } from '../monte-carlo/simulate.ts';
import { planOptions } from '../monte-carlo/test-options.ts';
import { analyzePortfolio } from '../portfolio/analytics.ts';
import { testPortfolio } from '../portfolio/test-portfolio.ts';
import { chartTotalMatches, buildChartDatasets, labelFor } from './datasets.ts';
import { CHART_PALETTE } from './palette.ts';

describe('buildChartDatasets', () => {
  const analytics = analyzePortfolio(testPortfolio());
  const retirement = simulateRetirement(
    planOptions({ simulations: 200, yearsToRetirement: 5, currentAgeYears: 60 }),
  );
  const charts = buildChartDatasets(analytics, retirement);

  it('offers every candidate chart', () => {
    expect(Object.keys(charts)).toEqual([
      'asset_class_allocation',
      'region_allocation',
      'sector_allocation',
      'account_values',
      'tax_treatment',
      'top_holdings',
      'retirement_projection',
    ]);
  });

  it('gives exact dollar values that sum to the total to the cent', () => {
    expect(charts['asset_class_allocation']).toEqual({
      title: 'Asset allocation',
      type: 'donut',
      description: 'Portfolio value by asset class, cash included',
      data: [
        { name: 'Equity', value: 4350, color: CHART_PALETTE[0] },
        { name: 'Fixed income', value: 1450, color: CHART_PALETTE[1] },
        { name: 'Cash', value: 1000, color: CHART_PALETTE[2] },
      ],
      total: 6800,
    });
    expect(charts['tax_treatment']?.data.map((point) => [point.name, point.value])).toEqual([
      ['Taxable', 4950],
      ['Tax-free', 1850],
    ]);
    for (const chart of Object.values(charts)) {
      expect(chartSchema.parse(chart)).toBeTruthy();
      expect(chartTotalMatches(chart)).toBe(true);
    }
  });

  it('labels the fan chart by age and keeps the bands', () => {
    const fan = charts['retirement_projection'];
    expect(fan?.data[0]).toEqual({ name: 'Age 60', value: 1_000_000, color: CHART_PALETTE[0] });
    expect(fan?.['bands']).toHaveLength(fan?.data.length ?? -1);
  });

  it('leaves out charts with nothing above zero and catches a wrong total', () => {
    const cashOnly = analyzePortfolio({
      accounts: [{ id: 'a', name: 'Savings', type: 'taxable', cashCents: 5000, positions: [] }],
      instruments: {},
    });
    expect(Object.keys(buildChartDatasets(cashOnly))).toEqual([
      'asset_class_allocation',
      'account_values',
      'tax_treatment',
      'top_holdings',
    ]);
    const chart = charts['asset_class_allocation']!;
    expect(chartTotalMatches({ ...chart, total: 6800.01 })).toBe(false);
  });

  it('names keys for people', () => {
    expect(labelFor('fixed_income')).toBe('Fixed income');
    expect(labelFor('north_america')).toBe('North America');
  });
});
