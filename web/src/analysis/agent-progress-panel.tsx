import {
  AGENT_ORDER,
  elapsedOf,
  type AgentState,
  type ProgressByAgent,
} from '../api/agent-progress.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { formatCostUsd, formatDurationMs, humanKey, UNKNOWN } from '../format.ts';
import { useTicker } from './use-agent-progress.ts';

const STATE_LABEL: Record<AgentState, string> = {
  waiting: 'Waiting',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

export function AgentProgressPanel({ progress }: { progress: ProgressByAgent }) {
  const rows = [
    ...AGENT_ORDER.map((agent) => progress[agent]),
    ...Object.values(progress).filter(
      (row) => !(AGENT_ORDER as readonly string[]).includes(row.agent),
    ),
  ].filter((row) => row !== undefined);
  const anyRunning = rows.some((row) => row.state === 'running');
  const now = useTicker(anyRunning);
  return (
    <ScrollTable label="Progress by agent">
      <table className="agent-progress" aria-label="Progress by agent">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Elapsed
            </th>
            <th scope="col" className="num">
              Tokens in / out
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const elapsed = elapsedOf(row, now);
            const tokens =
              row.inputTokens === null && row.outputTokens === null
                ? UNKNOWN
                : `${row.inputTokens ?? UNKNOWN} / ${row.outputTokens ?? UNKNOWN}`;
            return (
              <tr key={row.agent} data-agent={row.agent} data-state={row.state}>
                <th scope="row">{humanKey(row.agent)}</th>
                <td>
                  <span className={`badge badge-${row.state}`}>{STATE_LABEL[row.state]}</span>
                  {row.error && <div className="field-error">{row.error}</div>}
                </td>
                <td className="num">{formatDurationMs(elapsed)}</td>
                <td className="num">{tokens}</td>
                <td className="num">{formatCostUsd(row.costUsd)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollTable>
  );
}
