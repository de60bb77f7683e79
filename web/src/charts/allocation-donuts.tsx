import type { PortfolioView } from '../api/portfolio.ts';
import { DonutChart } from './donut-chart.tsx';

export default function AllocationDonuts({
  allocation,
}: {
  allocation: PortfolioView['allocation'];
}) {
  return (
    <div className="chart-grid">
      <DonutChart title="By asset class" slices={allocation.assetClass} />
      <DonutChart title="By region" slices={allocation.region} />
      <DonutChart title="By sector" slices={allocation.sector} />
    </div>
  );
}
