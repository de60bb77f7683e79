import type { Command } from 'commander';
import { z } from 'zod';
import {
  cashFlowsFromIncomeStreams,
  computeLevers,
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  MAX_SEED,
  RETURN_MODELS,
  SIMULATED_ASSET_CLASSES,
  simulateRetirement,
  WITHDRAWAL_STRATEGIES,
  renderSimulationText,
  SEXES,
  toSimulationJson,
  WITHDRAWAL_TIMINGS,
  type SimulatedAssetClass,
  type SimulationOptions,
} from '../../../core/index.ts';
import { incomeStreamSchema, type IncomeStream } from '../../../contracts/income-streams.ts';
import { AMOUNT_USD, MAX_PLAN_TO_AGE, rangeSchema } from '../../../contracts/limits.ts';
import type { SimulationJson } from '../../../contracts/simulation.ts';
import { FILING_STATUSES, WITHDRAWAL_ORDERS } from '../../../contracts/tax-plan.ts';
import { InputError } from '../../../errors.ts';
import {
  ANNUAL_RETURNS_SOURCE,
  loadAnnualReturns,
} from '../../../store/reference/annual-returns.ts';
import { loadLifeTable } from '../../../store/reference/life-table.ts';
import type { CommandContext } from '../context.ts';
import { parseStreamFlag, STREAM_SYNTAX, type StreamFlag } from '../income-stream-flags.ts';
import { FLAG_NAMES, type InputNames } from '../input-names.ts';
import { decimalFlagSchema } from '../options.ts';
import { horizonOfFlags } from './simulate-horizon.ts';
import { printJson, printLine } from '../output.ts';
import { checkTaxFlags, TAX_HELP_NOTES, taxFlagsShape, taxOptionsOf } from '../tax-flags.ts';

const number = (rule: z.ZodNumber) => decimalFlagSchema.pipe(rule);
const wholeNumber = decimalFlagSchema.pipe(z.number().int());
// Dollar flags share the range of stored amounts, so every result stays a finite figure.
const dollars = () => number(rangeSchema(AMOUNT_USD));

const flagsSchema = z
  .object({
    balance: dollars().optional(),
    ...taxFlagsShape,
    yearsToRetirement: wholeNumber.pipe(z.number().min(0).max(80)).default(0),
    contribution: dollars().default(0),
    retirementYears: wholeNumber.pipe(z.number().min(1).max(80)).optional(),
    planToAge: wholeNumber
      .pipe(
        z
          .number()
          .min(1)
          .max(MAX_PLAN_TO_AGE, `must be at most ${MAX_PLAN_TO_AGE}, the end of the life table`),
      )
      .optional(),
    sex: z
      .enum(SEXES, {
        error: `must be ${SEXES.join(' or ')} (leave it out for a sex-neutral table)`,
      })
      .optional(),
    spending: dollars().optional(),
    withdrawalRate: number(z.number().min(0).max(1)).optional(),
    inflationAdjust: z.boolean().default(true),
    allocation: z.string().optional(),
    model: z.enum(RETURN_MODELS).default('lognormal'),
    returnMean: number(z.number().min(-0.5).max(1)).optional(),
    returnVolatility: number(z.number().min(0).max(1)).optional(),
    inflation: number(z.number().min(-0.1).max(0.5)).optional(),
    cashRate: number(z.number().min(0).max(0.2)).default(0),
    expenseRatio: number(z.number().min(0).max(0.05)).default(0),
    withdrawalTiming: z.enum(WITHDRAWAL_TIMINGS).default('start'),
    strategy: z.enum(WITHDRAWAL_STRATEGIES).default('constant-dollar'),
    spendingFloor: number(z.number().min(0).max(1)).default(0.75),
    targetSuccess: number(z.number().gt(0).max(1)).default(0.9),
    simulations: wholeNumber.pipe(z.number().min(1).max(1_000_000)).default(10_000),
    seed: decimalFlagSchema
      .pipe(
        z.number().refine((seed) => Number.isSafeInteger(seed) && seed >= 0, {
          message: `must be a whole number from 0 to ${MAX_SEED} (2^53 - 1)`,
        }),
      )
      .default(1),
    currentAge: wholeNumber.pipe(z.number().min(0).max(120)).optional(),
    socialSecurity: z.string().optional(),
    spouseSocialSecurity: z.string().optional(),
    spouseAge: wholeNumber.pipe(z.number().min(0).max(120)).optional(),
    pension: z.array(z.string()).default([]),
    income: z.array(z.string()).default([]),
    expense: z.array(z.string()).default([]),
    // Not a flag: the streams of the caller's profile, given by POST /api/simulate.
    profileStreams: z.array(incomeStreamSchema).default([]),
    levers: z.boolean().default(true),
    json: z.boolean().default(false),
  })
  .loose();
export type SimulateFlags = z.infer<typeof flagsSchema> & {
  /** The balance: --balance, or the sum of the balances by tax treatment. */
  balance: number;
  /** Every income and expense stream: the stream flags parsed, or the profile's. */
  incomeStreams: IncomeStream[];
};

/** Repeatable flags collect their values (`--pension a --pension b`). */
const collect = (value: string, previous: string[] = []) => [...previous, value];

const DEFAULT_INFLATION_TEXT = `${(DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.inflation.meanReturn * 100).toFixed(2)}%`;

/** Default withdrawal when neither --spending nor --withdrawal-rate is given: Bengen's 4%. */
const DEFAULT_WITHDRAWAL_RATE = 0.04;
const DEFAULT_ALLOCATION = { equity: 0.6, fixed_income: 0.4 };

const SIMULATE_HELP_NOTES = `
Success: constant-dollar succeeds when every withdrawal is paid in full; the variable strategies
(constant-percent, guardrails, vpw, floor-and-ceiling) also need real spending never below
--spending-floor times the first year's. Every strategy reports real spending by year (p10/p50/p90),
the lowest spending along each path, years below the floor and the number of real cuts.
Uncertainty: the success rate is shown with ± 1.96 binomial standard errors and a 95% Wilson
interval; historical windows overlap, so their count and the number of independent periods are
shown instead. Sustainable spending is always for constant-dollar withdrawals (fixed nominal with
--no-inflation-adjust) under the chosen --withdrawal-timing.
Income and expenses: ${STREAM_SYNTAX}, AGE being the person's age in the
first year paid; AMOUNT is yearly unless /month. They need --current-age and constant-dollar spending;
in retirement they pay spending first (a surplus is invested), before it they join the year's saving.
Defaults: Social Security for life, indexed (claiming age 62-70); --pension for life, FIXED nominal;
--income and --expense once, indexed. Examples: --social-security 67:2400/month,
--pension 65:1500/month:fixed, --income 62:20000:5 (part-time work, 5 years), --expense 70:40000
(a one-off), --expense 66:18000:10:fixed (a mortgage). The levers include claiming at 70.
Longevity: with --current-age the plan runs to --plan-to-age, by default the oldest age reached with
10% probability under SSA's period life table for 2023 (2026 Trustees Report), by --sex or, left
out, a 50/50 blend of the male and female survivors. Beside the success over that fixed horizon
the output gives the chance of running out while alive: each path's first unpaid withdrawal
weighted by the chance of being alive that day. Only your own lifetime is modelled.`;

export function registerSimulateCommand(program: Command, _context: CommandContext): void {
  program
    .command('simulate')
    .description(
      'Monte Carlo or historical projection of savings and retirement withdrawals. Amounts are ' +
        "today's dollars; the parametric models draw REAL returns (estimated from 1928-2025 US " +
        'data) jointly with inflation',
    )
    .option(
      '--balance <usd>',
      "today's portfolio balance in US dollars (required unless given by tax treatment)",
    )
    .option('--taxable <usd>', 'the part of the balance in taxable accounts')
    .option('--tax-deferred <usd>', 'the part in tax-deferred accounts (traditional IRA, 401(k))')
    .option('--tax-free <usd>', 'the part in tax-free accounts (Roth)')
    .option(
      '--withdrawal-order <order>',
      `${WITHDRAWAL_ORDERS.join(' | ')} (default taxable_first)`,
    )
    .option(
      '--tax-deferred-rate <r>',
      'flat rate (0-0.6) on tax-deferred withdrawals; default from the 2024 federal brackets',
    )
    .option(
      '--filing-status <status>',
      `${FILING_STATUSES.join(' | ')}: the brackets of the default rate (default single)`,
    )
    .option('--years-to-retirement <n>', 'years of saving before retirement', '0')
    .option('--contribution <usd>', "yearly saving in today's dollars (grows with inflation)", '0')
    .option(
      '--retirement-years <n>',
      'years of withdrawals (default: to the --plan-to-age default with --current-age, else 30)',
    )
    .option(
      '--plan-to-age <age>',
      "plan to this age (needs --current-age); default: the age the life table's survivors reach " +
        'with 10% probability',
    )
    .option(
      '--sex <sex>',
      "female | male: which SSA life table to read; left out, a 50/50 blend of the two tables' survivors",
    )
    .option('--spending <usd>', "first-year retirement spending in today's dollars")
    .option('--withdrawal-rate <r>', 'first-year withdrawal as a fraction of the balance (0.04)')
    .option(
      '--no-inflation-adjust',
      'constant-dollar only: pay the same nominal dollars every year (real value falls with inflation)',
    )
    .option(
      '--allocation <mix>',
      `e.g. equity=0.6,fixed_income=0.4; classes ${SIMULATED_ASSET_CLASSES.join(', ')} (real estate and commodities are sourced proxies, see the README)`,
    )
    .option('--model <model>', RETURN_MODELS.join(' | '), 'lognormal')
    .option(
      '--return-mean <m>',
      "one asset's NOMINAL arithmetic mean annual return (fraction), deflated by a fixed --inflation",
    )
    .option('--return-volatility <s>', "that asset's nominal annual standard deviation (fraction)")
    .option(
      '--inflation <r>',
      'NOMINAL mean of the random yearly inflation of lognormal | normal (fraction); moves nominal ' +
        'figures (fixed withdrawals, cash) only, returns are real; default ' +
        `${DEFAULT_INFLATION_TEXT}, the 1928-2025 CPI mean`,
    )
    .option('--cash-rate <r>', 'NOMINAL yearly interest the cash class earns (fraction)', '0')
    .option(
      '--expense-ratio <r>',
      "the portfolio's weighted yearly fund fees (fraction, 0.00078 = 0.078%), taken from returns",
      '0',
    )
    .option(
      '--withdrawal-timing <when>',
      "start (first day of each year) | end (last day, full real value) | bengen (last day, raised by the previous year's CPI: Bengen 1994)",
      'start',
    )
    .option(
      '--strategy <name>',
      "constant-dollar (fixed real spending) | constant-percent (a share of each year's balance) | " +
        'guardrails (Guyton-Klinger 2006) | vpw (Bogleheads variable percentage withdrawal) | ' +
        'floor-and-ceiling (Vanguard dynamic spending: real change capped at +5%/-2.5% a year)',
      'constant-dollar',
    )
    .option(
      '--spending-floor <f>',
      "lowest acceptable real spending as a fraction of the first year's; variable strategies fail a path below it",
      '0.75',
    )
    .option(
      '--target-success <p>',
      'success probability (0-1) at which sustainable constant-dollar spending is quoted',
      '0.9',
    )
    .option('--simulations <n>', 'number of paths', '10000')
    .option('--seed <s>', `random seed, a whole number from 0 to ${MAX_SEED}`, '1')
    .option(
      '--current-age <years>',
      'your age today: labels the series, reads the life table (horizon and chance of running out while alive); required by income streams',
    )
    .option(
      '--social-security <spec>',
      "AGE:AMOUNT: your benefit at that claiming age (62-70), today's dollars, e.g. 67:2400/month",
    )
    .option('--spouse-social-security <spec>', "a spouse's benefit, at the spouse's claiming age")
    .option('--spouse-age <years>', "the spouse's age today (with --spouse-social-security)")
    .option(
      '--pension <spec>',
      'a pension or annuity (repeatable), fixed nominal unless :indexed',
      collect,
    )
    .option(
      '--income <spec>',
      'other income, e.g. part-time work or a windfall (repeatable)',
      collect,
    )
    .option('--expense <spec>', 'a one-off or recurring expense (repeatable)', collect)
    .option('--no-levers', 'skip the what-if levers')
    .option('--json', 'print JSON')
    .addHelpText('after', SIMULATE_HELP_NOTES + TAX_HELP_NOTES)
    .action((rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(rawFlags);
      if (flags.json) return printJson(simulationJson(flags));
      const options = toSimulationOptions(flags, FLAG_NAMES);
      const result = simulateRetirement(options);
      const levers = flags.levers ? computeLevers(options, result.successProbability) : [];
      const dataSource = options.historicalReturns ? ANNUAL_RETURNS_SOURCE : null;
      printLine(renderSimulationText(options, result, levers, dataSource));
    });
}

/**
 * The checked flags, or an InputError naming each input and its rule. `names` words the errors:
 * the CLI's flags, or POST /api/simulate's body fields (which it hands over as these flags).
 */
export function parseFlags(
  rawFlags: Record<string, unknown>,
  names: InputNames = FLAG_NAMES,
): SimulateFlags {
  const result = flagsSchema.safeParse(rawFlags);
  if (!result.success) {
    throw new InputError(
      result.error.issues.map((issue) => ({
        field: names.of(String(issue.path[0] ?? 'flags')),
        rule: issue.message,
      })),
    );
  }
  const flags = {
    ...result.data,
    balance: checkTaxFlags(result.data, names),
    incomeStreams: incomeStreamsOf(result.data, names),
  };
  checkIncomeStreams(flags, names);
  if (flags.spending !== undefined && flags.withdrawalRate !== undefined) {
    throw InputError.field(
      names.of('spending'),
      `give either ${names.of('spending')} or ${names.of('withdrawalRate')}, not both`,
    );
  }
  if ((flags.returnMean === undefined) !== (flags.returnVolatility === undefined)) {
    throw InputError.field(
      names.of('returnMean'),
      `needs ${names.of('returnVolatility')} too (and vice versa)`,
    );
  }
  if (flags.returnMean !== undefined && flags.allocation !== undefined) {
    throw InputError.field(
      names.of('returnMean'),
      `describes one asset; do not combine with ${names.of('allocation')}`,
    );
  }
  const constantDollar = names.given('strategy', 'constant-dollar');
  if (!flags.inflationAdjust && flags.strategy !== 'constant-dollar') {
    throw InputError.field(
      names.of('inflationAdjust'),
      `applies to ${constantDollar} only; ${flags.strategy} is defined in real terms`,
    );
  }
  if (flags.strategy === 'vpw' && (flags.spending ?? flags.withdrawalRate) !== undefined) {
    throw InputError.field(
      names.of(flags.spending === undefined ? 'withdrawalRate' : 'spending'),
      `does not apply to ${names.given('strategy', 'vpw')}, which sets each year's rate from the years left`,
    );
  }
  const historical = flags.model === 'historical' || flags.model === 'bootstrap';
  if (historical && flags.returnMean !== undefined) {
    throw InputError.field(
      names.of('returnMean'),
      `does not apply to ${names.given('model', flags.model)}`,
    );
  }
  if (historical && flags.inflation !== undefined) {
    throw InputError.field(
      names.of('inflation'),
      `does not apply to ${names.given('model', flags.model)}, which uses the CPI of each historical year`,
    );
  }
  return flags;
}

/** The stream inputs, in the order their streams are listed. */
const STREAM_INPUTS = [
  ['socialSecurity', '--social-security'],
  ['spouseSocialSecurity', '--spouse-social-security'],
  ['pension', '--pension'],
  ['income', '--income'],
  ['expense', '--expense'],
] as const satisfies ReadonlyArray<readonly [keyof SimulateFlags, StreamFlag]>;

type ParsedFlags = z.infer<typeof flagsSchema>;

/** Each stream input's texts: none, one, or the repeated flag's. */
const textsOf = (flags: ParsedFlags, key: (typeof STREAM_INPUTS)[number][0]): string[] =>
  ([] as string[]).concat(flags[key] ?? []);

/** The stream flags parsed; without any, the profile's streams (POST /api/simulate). */
function incomeStreamsOf(flags: ParsedFlags, names: InputNames): IncomeStream[] {
  const given = STREAM_INPUTS.flatMap(([key, flag]) =>
    textsOf(flags, key).map((text) => parseStreamFlag(flag, text, names.of(key))),
  );
  return given.length > 0 ? given : flags.profileStreams;
}

/** The first stream input given; undefined when the streams are the profile's. */
function firstStreamInput(flags: ParsedFlags): (typeof STREAM_INPUTS)[number][0] | undefined {
  return STREAM_INPUTS.find(([key]) => textsOf(flags, key).length > 0)?.[0];
}

function checkIncomeStreams(flags: SimulateFlags, names: InputNames): void {
  const spouseStream = names.of('spouseSocialSecurity');
  if (flags.incomeStreams.length === 0) {
    if (flags.spouseAge !== undefined) {
      throw InputError.field(names.of('spouseAge'), `applies with ${spouseStream} only`);
    }
    return;
  }
  const first = firstStreamInput(flags);
  if (flags.currentAge === undefined) {
    throw InputError.field(
      names.of('currentAge'),
      `is required by ${first ? names.of(first) : "the profile's income streams"}: streams start at an age`,
    );
  }
  if (flags.strategy !== 'constant-dollar') {
    throw InputError.field(
      names.of(first ?? 'strategy'),
      `applies to ${names.given('strategy', 'constant-dollar')} only: ${flags.strategy} sets the ` +
        "portfolio's withdrawal itself, and how outside income should change it is not modelled",
    );
  }
  const spouse = flags.incomeStreams.some((stream) => stream.person === 'spouse');
  if (spouse && flags.spouseAge === undefined) {
    throw InputError.field(
      names.of('spouseAge'),
      `is required by ${flags.spouseSocialSecurity === undefined ? "the profile's spouse Social Security" : spouseStream}`,
    );
  }
}

export function parseAllocation(
  text: string,
  historical: boolean,
  names: InputNames = FLAG_NAMES,
): SimulationOptions['allocation'] {
  const field = names.of('allocation');
  const allocation: Partial<Record<SimulatedAssetClass, number>> = {};
  for (const part of text.split(',')) {
    const [key = '', value = ''] = part.split('=').map((piece) => piece.trim());
    const assetClass = SIMULATED_ASSET_CLASSES.find((candidate) => candidate === key);
    const fraction = Number(value);
    if (!assetClass) {
      throw InputError.field(
        field,
        `unknown asset class "${key}" (use ${SIMULATED_ASSET_CLASSES.join(', ')})`,
      );
    }
    if (value === '' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
      throw InputError.field(field, `${key} must be a fraction between 0 and 1`);
    }
    if (historical && (assetClass === 'real_estate' || assetClass === 'commodities')) {
      throw InputError.field(field, `historical data has no ${assetClass} series`);
    }
    allocation[assetClass] = (allocation[assetClass] ?? 0) + fraction;
  }
  const total = Object.values(allocation).reduce((sum, fraction) => sum + fraction, 0);
  if (Math.abs(total - 1) > 0.001) {
    throw InputError.field(field, `fractions must sum to 1 (they sum to ${total})`);
  }
  // Rescale away the rounding the tolerance allowed, so the engine sees an exact mix.
  for (const key of Object.keys(allocation) as SimulatedAssetClass[]) {
    allocation[key] = (allocation[key] ?? 0) / total;
  }
  return allocation;
}

/** What `alex simulate --json` prints for the flags; POST /api/simulate answers the same. */
export function simulationJson(flags: SimulateFlags): SimulationJson {
  return runSimulation(simulationRequest(flags));
}

/**
 * The engine's whole input, checked: plain data, so it can cross to a worker thread (the API
 * server's projection pool) while the flag errors stay on the caller's side.
 */
export interface SimulationRequest {
  options: SimulationOptions;
  levers: boolean;
}

/** The engine's input; `names` words its refusals, as parseFlags's. */
export function simulationRequest(
  flags: SimulateFlags,
  names: InputNames = FLAG_NAMES,
): SimulationRequest {
  return { options: toSimulationOptions(flags, names), levers: flags.levers };
}

/** The Monte Carlo (and levers when asked), the CPU-heavy part, as `--json` prints it. */
export function runSimulation({ options, levers }: SimulationRequest): SimulationJson {
  const result = simulateRetirement(options);
  const leverResults = levers ? computeLevers(options, result.successProbability) : [];
  const dataSource = options.historicalReturns ? ANNUAL_RETURNS_SOURCE : null;
  return toSimulationJson(options, result, leverResults, dataSource);
}

function toSimulationOptions(flags: SimulateFlags, names: InputNames): SimulationOptions {
  const historical = flags.model === 'historical' || flags.model === 'bootstrap';
  const horizon = horizonOfFlags(
    {
      currentAge: flags.currentAge,
      yearsToRetirement: flags.yearsToRetirement,
      retirementYears: flags.retirementYears,
      planToAge: flags.planToAge,
      sex: flags.sex,
      spouseInPlan: flags.incomeStreams.some((stream) => stream.person === 'spouse'),
    },
    loadLifeTable,
    names,
  );
  const options: SimulationOptions = {
    seed: flags.seed,
    simulations: flags.simulations,
    model: flags.model,
    allocation: flags.allocation
      ? parseAllocation(flags.allocation, historical, names)
      : DEFAULT_ALLOCATION,
    assumptions: DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
    yearsToRetirement: flags.yearsToRetirement,
    retirementYears: horizon.retirementYears,
    balanceUsd: flags.balance,
    annualContributionUsd: flags.contribution,
    spending:
      flags.spending !== undefined
        ? { kind: 'amount', annualUsd: flags.spending }
        : { kind: 'rate', withdrawalRate: flags.withdrawalRate ?? DEFAULT_WITHDRAWAL_RATE },
    inflationAdjusted: flags.inflationAdjust,
    inflationRate: flags.inflation ?? DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.inflation.meanReturn,
    cashInterestRate: flags.cashRate,
    annualFeeRate: flags.expenseRatio,
    strategy: flags.strategy,
    withdrawalTiming: flags.withdrawalTiming,
    targetSuccess: flags.targetSuccess,
    spendingFloor: flags.spendingFloor,
  };
  if (flags.currentAge !== undefined) options.currentAgeYears = flags.currentAge;
  if (horizon.longevity) options.longevity = horizon.longevity;
  const firstYearSpending =
    options.spending.kind === 'amount'
      ? options.spending.annualUsd
      : options.spending.withdrawalRate * flags.balance;
  const taxes = taxOptionsOf(flags, firstYearSpending, new Date().getUTCFullYear());
  if (taxes) options.taxes = taxes;
  if (flags.incomeStreams.length > 0 && flags.currentAge !== undefined) {
    options.cashFlows = cashFlowsFromIncomeStreams(flags.incomeStreams, {
      self: flags.currentAge,
      spouse: flags.spouseAge ?? null,
    });
  }
  if (flags.returnMean !== undefined && flags.returnVolatility !== undefined) {
    options.singleAsset = { meanReturn: flags.returnMean, volatility: flags.returnVolatility };
  }
  if (historical) {
    const rows = loadAnnualReturns();
    const years = options.yearsToRetirement + options.retirementYears;
    if (flags.model === 'historical' && years > rows.length) {
      throw InputError.field(
        names.of(flags.planToAge === undefined ? 'retirementYears' : 'planToAge'),
        `years to retirement plus retirement years (${years}${options.longevity && flags.retirementYears === undefined ? ', to the plan-to age' : ''}) exceed the ${rows.length} years of data`,
      );
    }
    options.historicalReturns = rows;
  }
  return options;
}
