import { useXray } from '../api/queries.ts';
import type { XrayResponse } from '../api/types.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { ErrorNotice, Loading } from '../components/status.tsx';
import { formatPct } from '../format.ts';

type Rule = XrayResponse['rules'][number];

const RESULT: Record<Rule['status'], string> = {
  passed: 'Pass',
  failed: 'Fail',
  not_evaluated: 'Not evaluated',
};

function amount(value: number, unit: Rule['unit']): string {
  if (unit === 'pct') return formatPct(value, value < 1 ? 2 : 1);
  return `${value.toFixed(1)} ${unit}`;
}

/** The X-ray's rules as the API judged them; the figures are the server's, none computed here. */
export function XrayRules() {
  const xray = useXray();
  if (xray.isPending) return <Loading what="the X-ray" />;
  if (xray.error) return <ErrorNotice error={xray.error} what="the X-ray" />;
  const largest = xray.data.exposures.companies[0];
  return (
    <>
      <ScrollTable label="X-ray rules">
        <table>
          <caption>Rules of thumb, at the thresholds of your profile</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Result</th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col" className="num">
                Threshold
              </th>
              <th scope="col" className="prose-cell">
                Why
              </th>
            </tr>
          </thead>
          <tbody>
            {xray.data.rules.map((rule) => (
              <tr key={rule.id} data-status={rule.status}>
                <th scope="row">{rule.title}</th>
                <td>{RESULT[rule.status]}</td>
                <td className="num">{rule.value === null ? '—' : amount(rule.value, rule.unit)}</td>
                <td className="num">
                  {rule.comparison === 'at_least' ? 'at least ' : 'at most '}
                  {amount(rule.threshold, rule.unit)}
                </td>
                <td className="prose-cell">{rule.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {largest && (
        <p data-testid="xray-largest-company">
          Largest company: {largest.name}, {formatPct(largest.pct)} of your money
          {largest.lower_bound ? ' or more' : ''}, through{' '}
          {largest.through
            .map((part) => (part.via === 'direct' ? 'your own shares' : part.via))
            .join(', ')}
          .
        </p>
      )}
    </>
  );
}
