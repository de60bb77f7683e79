import { useEffect, useId, useState } from 'react';
import { RetirementFigures, type RetirementFiguresData } from '../analysis/retirement-figures.tsx';
import { usePortfolio, useSimulation, useUser, type SimulationRequest } from '../api/queries.ts';
import type { SimulationResult, User } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/status.tsx';
import { formatUsd, toNumber } from '../format.ts';

// Sliders over `POST /api/simulate`: the request goes out once a slider has rested for
// DEBOUNCE_MS, so dragging does not queue a simulation per pixel.
const DEBOUNCE_MS = 150;
const Z_95 = 1.96;

const STRATEGIES = [
  { id: 'constant-dollar', label: 'Constant dollar (fixed real spending)' },
  { id: 'constant-percent', label: "Constant percent of each year's balance" },
  { id: 'guardrails', label: 'Guardrails (Guyton-Klinger)' },
  { id: 'vpw', label: 'Variable percentage withdrawal (VPW)' },
  { id: 'floor-and-ceiling', label: 'Floor and ceiling (Vanguard)' },
];

interface Settings {
  spendingUsd: number;
  yearsToRetirement: number;
  stockPct: number;
  strategy: string;
  /** Sliders the person has moved; the others are left to the server (the profile's values). */
  moved: ReadonlyArray<'spendingUsd' | 'yearsToRetirement' | 'stockPct'>;
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * Only what the person changed is sent: untouched, the server uses the profile and the
 * portfolio's own mix, so the first figure is the analysis's own projection.
 */
export function toRequest(settings: Settings, currentAge: number | null): SimulationRequest {
  const request: SimulationRequest = { strategy: settings.strategy };
  if (settings.moved.includes('yearsToRetirement')) {
    request.years_to_retirement = settings.yearsToRetirement;
  }
  if (settings.moved.includes('stockPct')) {
    const stocks = settings.stockPct / 100;
    request.allocation = { equity: stocks, fixed_income: Math.round((1 - stocks) * 100) / 100 };
  }
  // VPW sets each year's spending itself; the API refuses a spending amount with it.
  if (settings.moved.includes('spendingUsd') && settings.strategy !== 'vpw') {
    request.spending = settings.spendingUsd;
  }
  if (currentAge !== null) request.current_age = currentAge;
  return request;
}

function fromSimulation(result: SimulationResult): RetirementFiguresData {
  return {
    successPct: result.success_probability,
    marginPct:
      typeof result.success_standard_error === 'number'
        ? result.success_standard_error * Z_95
        : null,
    simulations: result.simulations ?? null,
    medianAtRetirementUsd: result.percentiles_at_retirement.p50,
    sustainableSpendingUsd: result.sustainable_spending ?? null,
    series: result.series,
    depletion: result.depletion_age_histogram,
    incomeMinimum: result.income?.minimum ?? null,
    incomeByYear: result.income?.by_year ?? [],
    levers: result.levers ?? [],
  };
}

function Slider(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  display: string;
  disabled?: boolean;
  onChange: (value: number) => void;
}) {
  const id = useId();
  return (
    <div className="slider">
      <label htmlFor={id}>
        {props.label} <output htmlFor={id}>{props.display}</output>
      </label>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        aria-valuetext={props.display}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
    </div>
  );
}

function currentAgeOf(user: User): number | null {
  return typeof user.birth_year === 'number' ? new Date().getFullYear() - user.birth_year : null;
}

function WhatIf({ user, equityPct }: { user: User; equityPct: number | null }) {
  const currentAge = currentAgeOf(user);
  const [settings, setSettings] = useState<Settings>({
    spendingUsd: toNumber(user.target_retirement_income) ?? 40_000,
    yearsToRetirement: user.years_until_retirement ?? 20,
    stockPct: Math.round(equityPct ?? 60),
    strategy: 'constant-dollar',
    moved: [],
  });
  const settled = useDebounced(settings, DEBOUNCE_MS);
  const simulation = useSimulation(toRequest(settled, currentAge));
  const set = (changes: Partial<Settings>) => setSettings({ ...settings, ...changes });
  const move = (slider: Settings['moved'][number], value: number) =>
    setSettings({
      ...settings,
      [slider]: value,
      moved: settings.moved.includes(slider) ? settings.moved : [...settings.moved, slider],
    });
  const strategyId = useId();
  return (
    <div className="what-if">
      <form
        className="card sliders"
        aria-label="What-if settings"
        onSubmit={(event) => event.preventDefault()}
      >
        <Slider
          label="Spending in retirement (a year)"
          value={settings.spendingUsd}
          min={5_000}
          max={250_000}
          step={1_000}
          display={settings.strategy === 'vpw' ? 'set by VPW' : formatUsd(settings.spendingUsd)}
          disabled={settings.strategy === 'vpw'}
          onChange={(value) => move('spendingUsd', value)}
        />
        <Slider
          label={currentAge !== null ? 'Retirement age' : 'Years until retirement'}
          value={settings.yearsToRetirement}
          min={0}
          max={50}
          step={1}
          display={
            currentAge !== null
              ? `${currentAge + settings.yearsToRetirement}`
              : `${settings.yearsToRetirement} years`
          }
          onChange={(value) => move('yearsToRetirement', value)}
        />
        <Slider
          label="Share in stocks"
          value={settings.stockPct}
          min={0}
          max={100}
          step={5}
          display={
            settings.moved.includes('stockPct')
              ? `${settings.stockPct}% stocks, ${100 - settings.stockPct}% bonds`
              : 'your current mix'
          }
          onChange={(value) => move('stockPct', value)}
        />
        <div className="field">
          <label htmlFor={strategyId}>Withdrawal strategy</label>
          <select
            id={strategyId}
            value={settings.strategy}
            onChange={(event) => set({ strategy: event.target.value })}
          >
            {STRATEGIES.map((strategy) => (
              <option key={strategy.id} value={strategy.id}>
                {strategy.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <div aria-live="polite" aria-busy={simulation.isFetching} className="what-if-result">
        {simulation.error && <ErrorNotice error={simulation.error} what="the simulation" />}
        {simulation.isPending && <Loading what="the simulation" />}
        {simulation.data && <RetirementFigures data={fromSimulation(simulation.data)} />}
      </div>
    </div>
  );
}

export default function WhatIfScreen() {
  const user = useUser();
  const portfolio = usePortfolio();
  const equity = portfolio.data?.allocation.assetClass.find((slice) => slice.key === 'equity');
  return (
    <section>
      <h1>What-if</h1>
      <p className="muted">
        Move a slider: the Monte Carlo projection of your portfolio runs again with that change
        (amounts in today&apos;s dollars).
      </p>
      {user.isPending && <Loading what="your profile" />}
      {user.error && <ErrorNotice error={user.error} what="your profile" />}
      {user.data && !portfolio.isPending && (
        <WhatIf user={user.data} equityPct={equity?.pct ?? null} />
      )}
    </section>
  );
}
