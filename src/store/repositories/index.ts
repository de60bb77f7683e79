import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';
import { createAccountRepository } from './account-repository.ts';
import { createAgentRunRepository } from './agent-run-repository.ts';
import { createDailyCloseRepository } from './daily-close-repository.ts';
import { createInstrumentRepository } from './instrument-repository.ts';
import { createJobRepository } from './job-repository.ts';
import { createJobSpendRepository } from './job-spend-repository.ts';
import { createPortfolioRepository } from './portfolio-repository.ts';
import { createPositionRepository } from './position-repository.ts';
import { createUserRepository } from './user-repository.ts';

export function createRepositories(db: Kysely<Database>) {
  return {
    users: createUserRepository(db),
    accounts: createAccountRepository(db),
    positions: createPositionRepository(db),
    instruments: createInstrumentRepository(db),
    jobs: createJobRepository(db),
    agentRuns: createAgentRunRepository(db),
    jobSpend: createJobSpendRepository(db),
    dailyCloses: createDailyCloseRepository(db),
    portfolios: createPortfolioRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
export type { User, NewUser } from './user-repository.ts';
export type { Account, NewAccount, AccountType } from './account-repository.ts';
export type { Position, NewPosition } from './position-repository.ts';
export type { Instrument, Classification, PriceUpdate } from './instrument-repository.ts';
export type { AbandonedJob, Job, PayloadAgent } from './job-repository.ts';
export type { JobListItem, JobListPage, RetirementHeadline, UnreadableJob } from './job-list.ts';
export type { AgentRun, AgentRunOutcome } from './agent-run-repository.ts';
export type { JobSpendTotal } from './job-spend-repository.ts';
export type { LoadedPortfolio } from './portfolio-repository.ts';
