import type { Kysely } from 'kysely';
import type { PortfolioInput } from '../../core/index.ts';
import { loadFundHoldings } from '../reference/fund-holdings.ts';
import { createAccountRepository } from './account-repository.ts';
import { createInstrumentRepository } from './instrument-repository.ts';
import { createPositionRepository } from './position-repository.ts';
import { createUserRepository, type User } from './user-repository.ts';
import type { Database } from '../tables.ts';

export interface LoadedPortfolio {
  user: User;
  portfolio: PortfolioInput;
}

/** Reads one user's whole portfolio in the shape the finance core takes. */
export function createPortfolioRepository(db: Kysely<Database>) {
  const users = createUserRepository(db);
  const accounts = createAccountRepository(db);
  const positions = createPositionRepository(db);
  const instruments = createInstrumentRepository(db);

  return {
    async load(userId: string): Promise<LoadedPortfolio> {
      const user = await users.get(userId);
      const [accountList, positionList] = await Promise.all([
        accounts.list(user.id),
        positions.list(user.id),
      ]);
      const symbols = [...new Set(positionList.map((position) => position.symbol))];
      const instrumentList = await instruments.get(symbols);
      return {
        user,
        portfolio: {
          accounts: accountList.map((account) => ({
            id: account.id,
            name: account.name,
            type: account.type,
            cashCents: Math.round(account.cashUsd * 100),
            cashInterestPct: account.cashInterestPct,
            positions: positionList
              .filter((position) => position.accountId === account.id)
              .map((position) => ({ symbol: position.symbol, quantity: position.quantity })),
          })),
          instruments: Object.fromEntries(
            instrumentList.map((instrument) => [
              instrument.symbol,
              {
                symbol: instrument.symbol,
                name: instrument.name,
                instrumentType: instrument.instrumentType ?? 'unknown',
                priceUsd: instrument.priceUsd,
                priceSource: instrument.priceSource,
                priceAsOf: instrument.priceAsOf,
                assetClass: instrument.assetClass,
                regions: instrument.regions,
                sectors: instrument.sectors,
                expenseRatioPct: instrument.expenseRatioPct,
                holdings: loadFundHoldings().get(instrument.symbol) ?? null,
              },
            ]),
          ),
          targets: { assetClass: user.assetClassTargets, region: user.regionTargets },
        },
      };
    },
  };
}

export type PortfolioRepository = ReturnType<typeof createPortfolioRepository>;
