import type { SimulateRequest } from '../../contracts/api.ts';
import type {
  PortfolioDefaults,
  SimulateResponse,
  SimulationJson,
} from '../../contracts/simulation.ts';
import { analyzePortfolio, SIMULATED_ASSET_CLASSES } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import type { LoadedPortfolio } from '../../store/repositories/index.ts';
import {
  parseFlags,
  runSimulation,
  simulationRequest,
  type SimulationRequest,
} from '../cli/commands/simulate.ts';
import type { InputNames } from '../cli/input-names.ts';
import { givesTaxParts, taxDefaults } from './simulate-taxes.ts';

// POST /api/simulate runs `alex simulate --json`'s own code path: the body becomes the flags
// the CLI would parse (same rules, same defaults, same JSON out), and the refusals name the
// body's fields, never a flag. What the body leaves out comes from the caller's portfolio and
// profile, and the answer lists those values. The profile's plan_to_age sets the horizon unless
// the body gives one (plan_to_age or retirement_years): a run's own horizon wins, as in the
// Retirement agent.

type Flags = Record<string, string | boolean | string[] | readonly unknown[]>;

/** The body's stream fields: given any of them, the profile's streams are left out. */
const STREAM_FIELDS = [
  'social_security',
  'spouse_social_security',
  'pension',
  'income',
  'expense',
] as const;

/** Runs the checked simulation: inline, or on the server's projection threads. */
export type SimulationRunner = (request: SimulationRequest) => Promise<SimulationJson>;

export const runSimulationInline: SimulationRunner = (request) =>
  Promise.resolve(runSimulation(request));

/**
 * The simulation JSON, plus `portfolio_defaults`: the inputs that came from the portfolio. The
 * body is checked here, so its errors name the field; only the checked engine input goes to
 * `run`.
 */
export async function simulateForCaller(
  loaded: LoadedPortfolio,
  overrides: SimulateRequest,
  run: SimulationRunner = runSimulationInline,
): Promise<SimulateResponse> {
  const given = new Set(Object.keys(overrides));
  const fromPortfolio = portfolioDefaults(loaded, overrides);
  const taxes = taxDefaults(
    loaded.user,
    analyzePortfolio(loaded.portfolio),
    overrides,
    overrides.current_age ?? fromPortfolio.current_age,
  );
  // Parts by tax treatment in the body make the balance, unless the body gives that too.
  const { balance: _portfolioBalance, ...withoutBalance } = fromPortfolio;
  const portfolio = givesTaxParts(overrides) ? withoutBalance : fromPortfolio;
  const defaults = Object.fromEntries(
    Object.entries({ ...portfolio, ...taxes.defaults }).filter(([key]) => !given.has(key)),
  ) as PortfolioDefaults;
  const flags: Flags = { json: true, ...toFlags(defaults), ...toFlags(overrides) };
  // The profile's income and expenses, unless the body gives its own streams. They are modelled
  // with constant-dollar spending only: with a variable strategy (the web app's what-if offers
  // them) they are left out, and the answer says so rather than failing.
  const variableStrategy = (overrides.strategy ?? 'constant-dollar') !== 'constant-dollar';
  const ownStreams = loaded.user.incomePlan.streams;
  const bodyStreams = STREAM_FIELDS.some((field) => given.has(field));
  const profileStreams = bodyStreams || variableStrategy ? [] : ownStreams;
  const leftOut = !bodyStreams && variableStrategy && ownStreams.length > 0;
  const spouseBirthYear = loaded.user.incomePlan.spouse_birth_year;
  if (profileStreams.length > 0) {
    flags['profileStreams'] = profileStreams;
    if (spouseBirthYear !== null && !given.has('spouse_age')) {
      flags['spouseAge'] = String(new Date().getUTCFullYear() - spouseBirthYear);
    }
  }
  const shown: PortfolioDefaults =
    profileStreams.length > 0 ? { ...defaults, income_plan: loaded.user.incomePlan } : defaults;
  const leftOutNote = leftOut
    ? {
        income_streams_left_out: `the profile's ${ownStreams.length} income stream(s) are modelled with constant-dollar spending only, so this ${overrides.strategy} run leaves them out`,
      }
    : {};
  const taxesNote = taxes.leftOut === undefined ? {} : { taxes_left_out: taxes.leftOut };
  return {
    ...(await run(checkedRequest(flags, 'plan_to_age' in defaults))),
    portfolio_defaults: shown,
    ...leftOutNote,
    ...taxesNote,
  };
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The body's names for the simulation's inputs: `planToAge` is `plan_to_age`. */
export const BODY_FIELD_NAMES: InputNames = {
  of: snakeCase,
  given: (key, value) => `${snakeCase(key)} "${value}"`,
};

/**
 * The checked engine input, or the flags' errors naming the body's fields. A plan_to_age the
 * body did not give is the profile's, and its error says so: the caller sent no such field.
 */
function checkedRequest(flags: Flags, profilePlanToAge: boolean): SimulationRequest {
  try {
    return simulationRequest(parseFlags(flags, BODY_FIELD_NAMES), BODY_FIELD_NAMES);
  } catch (error) {
    if (!profilePlanToAge || !(error instanceof InputError)) throw error;
    throw new InputError(
      error.issues.map((issue) =>
        issue.field === 'plan_to_age'
          ? {
              field: issue.field,
              rule:
                `${issue.rule} (the profile's plan_to_age, ${String(flags['planToAge'])}: give ` +
                'plan_to_age or retirement_years in the body, or change it in the profile)',
            }
          : issue,
      ),
      { cause: error },
    );
  }
}

function portfolioDefaults(loaded: LoadedPortfolio, overrides: SimulateRequest): PortfolioDefaults {
  const { user, portfolio } = loaded;
  const analytics = analyzePortfolio(portfolio);
  const historical = overrides.model === 'historical' || overrides.model === 'bootstrap';
  const defaults: PortfolioDefaults = {
    balance: analytics.total.valueUsd,
    years_to_retirement: user.yearsUntilRetirement,
    contribution: user.annualContributionUsd,
    cash_rate: analytics.cashDrag.weightedCashInterestPct / 100,
  };
  if (analytics.fees) defaults.expense_ratio = analytics.fees.weightedExpenseRatioPct / 100;
  const withdrawalGiven = overrides.withdrawal_rate !== undefined || overrides.strategy === 'vpw';
  if (user.targetRetirementIncomeUsd > 0 && !withdrawalGiven) {
    defaults.spending = user.targetRetirementIncomeUsd;
  }
  if (user.birthYear !== null) {
    defaults.current_age = new Date().getUTCFullYear() - user.birthYear;
    // The profile's sex picks the life table; the table is read only from a known age.
    if (user.sex !== null) defaults.sex = user.sex;
  }
  const bodyHorizon =
    overrides.plan_to_age !== undefined || overrides.retirement_years !== undefined;
  if (user.planToAge !== null && !bodyHorizon) defaults.plan_to_age = user.planToAge;
  if (overrides.return_mean === undefined) {
    const allocation = simulatedMix(analytics.allocation.assetClass, historical);
    if (allocation) defaults.allocation = allocation;
  }
  return defaults;
}

/**
 * The portfolio's asset-class mix as fractions of the classes the engine simulates. Classes it
 * cannot simulate (alternatives, unclassified; real estate and commodities for the historical
 * models, which have no series for them) are left out and the rest scaled to 1.
 */
function simulatedMix(
  slices: ReadonlyArray<{ key: string; valueCents: number }>,
  historical: boolean,
): Record<string, number> | undefined {
  const usable = slices.filter(
    (slice) =>
      slice.valueCents > 0 &&
      (SIMULATED_ASSET_CLASSES as readonly string[]).includes(slice.key) &&
      !(historical && (slice.key === 'real_estate' || slice.key === 'commodities')),
  );
  const total = usable.reduce((sum, slice) => sum + slice.valueCents, 0);
  if (total === 0) return undefined;
  return Object.fromEntries(usable.map((slice) => [slice.key, slice.valueCents / total]));
}

/** `{years_to_retirement: 25}` → `{yearsToRetirement: "25"}`, as commander hands the flags over. */
function toFlags(request: SimulateRequest): Flags {
  const flags: Flags = {};
  for (const [key, value] of Object.entries(request) as Array<[string, unknown]>) {
    if (value === undefined) continue;
    const flag = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    if (typeof value === 'boolean') flags[flag] = value;
    else if (Array.isArray(value)) flags[flag] = value.map(String);
    else if (typeof value === 'number') flags[flag] = decimal(value);
    else if (typeof value === 'string') flags[flag] = value;
    else if (typeof value === 'object' && value !== null) {
      flags[flag] = Object.entries(value)
        .map(([assetClass, fraction]) => `${assetClass}=${decimal(Number(fraction))}`)
        .join(',');
    }
  }
  return flags;
}

/** A number in plain decimal notation (the CLI's parser takes no exponents). */
function decimal(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}
