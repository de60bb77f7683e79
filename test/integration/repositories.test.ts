import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../../src/errors.ts';
import { migrate } from '../../src/store/migrate.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { DATABASE_ENGINES, postgresSkipReason, type TestDatabase } from '../helpers/database.ts';

for (const engine of DATABASE_ENGINES) {
  // The PostgreSQL run needs TEST_DATABASE_URL; CI always sets it (see test/helpers/database.ts).
  describe.skipIf(!engine.available)(
    `repositories on ${engine.name}${engine.available ? '' : ` (${postgresSkipReason})`}`,
    () => {
      let database: TestDatabase;
      let repositories: Repositories;

      beforeAll(async () => {
        database = await engine.create();
        repositories = createRepositories(database.db);
      });
      afterAll(async () => {
        await database.close();
      });

      async function newUser(name = 'Ada') {
        return repositories.users.create({
          displayName: name,
          yearsUntilRetirement: 25,
          targetRetirementIncomeUsd: 100_000,
        });
      }

      it('stores a user with money as exact numbers', async () => {
        const user = await newUser();
        const loaded = await repositories.users.get(user.id);
        expect(loaded).toMatchObject({
          displayName: 'Ada',
          yearsUntilRetirement: 25,
          targetRetirementIncomeUsd: 100_000,
        });
      });

      it('stores the income plan as given, empty by default, and refuses a bad one unwritten', async () => {
        const user = await newUser('Planner');
        expect(user.incomePlan).toEqual({ spouse_birth_year: null, streams: [] });
        const plan = {
          spouse_birth_year: 1968,
          streams: [
            {
              kind: 'social_security' as const,
              person: 'spouse' as const,
              start_age: 65,
              years: null,
              annual_usd: 14_400.5,
              inflation_indexed: true,
            },
            {
              kind: 'expense' as const,
              person: 'self' as const,
              start_age: 66,
              years: 10,
              annual_usd: 18_000,
              inflation_indexed: false,
              note: 'mortgage',
            },
          ],
        };
        await repositories.users.update(user.id, { incomePlan: plan });
        expect((await repositories.users.get(user.id)).incomePlan).toEqual(plan);
        await expect(
          repositories.users.update(user.id, {
            incomePlan: { spouse_birth_year: null, streams: plan.streams },
          }),
        ).rejects.toThrow(/incomePlan.spouse_birth_year: is required by a spouse's stream/);
        expect((await repositories.users.get(user.id)).incomePlan).toEqual(plan);
      });

      it('stores the life table sex: not stated by default, female or male, and refuses others', async () => {
        const user = await newUser('Longevity');
        expect(user.sex).toBeNull();
        expect((await repositories.users.update(user.id, { sex: 'female' })).sex).toBe('female');
        await expect(
          repositories.users.update(user.id, { sex: 'other' as 'male' }),
        ).rejects.toThrow(/sex: must be female or male/);
        expect((await repositories.users.get(user.id)).sex).toBe('female');
        expect((await repositories.users.update(user.id, { sex: null })).sex).toBeNull();
      });

      it('stores the plan-to age: none by default, set, kept after retirement, and cleared', async () => {
        const born = new Date().getUTCFullYear() - 60;
        const user = await repositories.users.create({
          displayName: 'To 100',
          birthYear: born,
          yearsUntilRetirement: 5,
        });
        expect(user.planToAge).toBeNull();
        expect((await repositories.users.update(user.id, { planToAge: 100 })).planToAge).toBe(100);
        expect((await repositories.users.get(user.id)).planToAge).toBe(100);

        // At or before retirement (60 + 5 = 65) there is nothing to plan: refused, unwritten.
        await expect(repositories.users.update(user.id, { planToAge: 65 })).rejects.toThrow(
          `plan_to_age: must be above the retirement age, 65 (age 60 from birth_year ${born}, ` +
            'plus years_until_retirement 5)',
        );
        await expect(repositories.users.update(user.id, { planToAge: 50 })).rejects.toThrow(
          `plan_to_age: must be above the current age, 60 (from birth_year ${born}), and the retirement age, 65`,
        );
        // A later retirement that would overtake it names the field that changed.
        await expect(
          repositories.users.update(user.id, { yearsUntilRetirement: 40 }),
        ).rejects.toThrow(
          'years_until_retirement: puts retirement at 100 (age 60 from birth_year ' +
            `${born}, plus years_until_retirement 40), not before the profile's plan_to_age, 100`,
        );
        await expect(repositories.users.update(user.id, { birthYear: born - 40 })).rejects.toThrow(
          /^birth_year: puts retirement at 105/,
        );
        await expect(repositories.users.update(user.id, { planToAge: 121 })).rejects.toThrow(
          'user.planToAge: must be a whole number from 1 to 120',
        );
        await expect(repositories.users.update(user.id, { planToAge: 99.5 })).rejects.toThrow(
          'user.planToAge: must be a whole number from 1 to 120',
        );
        expect(await repositories.users.get(user.id)).toMatchObject({
          planToAge: 100,
          yearsUntilRetirement: 5,
          birthYear: born,
        });
        // Both in one change: checked together.
        expect(
          await repositories.users.update(user.id, { yearsUntilRetirement: 40, planToAge: 110 }),
        ).toMatchObject({ yearsUntilRetirement: 40, planToAge: 110 });
        // Unrelated changes leave it alone.
        expect((await repositories.users.update(user.id, { sex: 'male' })).planToAge).toBe(110);
        expect(
          (await repositories.users.update(user.id, { planToAge: null })).planToAge,
        ).toBeNull();

        // Without a birth year the retirement age is not known: any age in range is kept.
        const ageless = await repositories.users.create({
          displayName: 'No age',
          yearsUntilRetirement: 40,
          planToAge: 30,
        });
        expect((await repositories.users.get(ageless.id)).planToAge).toBe(30);
        await expect(
          repositories.users.create({
            displayName: 'Late',
            birthYear: born - 10,
            planToAge: 70,
          }),
        ).rejects.toThrow(/^plan_to_age: must be above the current age, 70/);
        // The column keeps the range even for a write that skips the repository.
        await expect(
          database.db
            .updateTable('users')
            .set({ plan_to_age: 121 })
            .where('id', '=', ageless.id)
            .execute(),
        ).rejects.toThrow();
      });

      it('stores the tax plan, with defaults for a new user, and refuses a bad rate unwritten', async () => {
        const user = await newUser('Taxed');
        expect(user.taxPlan).toEqual({
          filing_status: 'single',
          withdrawal_order: 'taxable_first',
          tax_deferred_rate: null,
        });
        const plan = {
          filing_status: 'married_joint' as const,
          withdrawal_order: 'proportional' as const,
          tax_deferred_rate: 0.24,
        };
        await repositories.users.update(user.id, { taxPlan: plan });
        expect((await repositories.users.get(user.id)).taxPlan).toEqual(plan);
        await expect(
          repositories.users.update(user.id, { taxPlan: { ...plan, tax_deferred_rate: 0.9 } }),
        ).rejects.toThrow(/taxPlan.tax_deferred_rate/);
        expect((await repositories.users.get(user.id)).taxPlan).toEqual(plan);
      });

      it('re-running migrations applies nothing twice', async () => {
        const report = await migrate(database.db, { vectorAvailable: database.vectorAvailable });
        expect(report.applied).toEqual([]);
      });

      it("hides another user's account and job as not found", async () => {
        const owner = await newUser('Owner');
        const stranger = await newUser('Stranger');
        const account = await repositories.accounts.create(owner.id, {
          name: '401(k)',
          type: 'tax_deferred',
          cashUsd: 1500.25,
        });
        expect((await repositories.accounts.get(owner.id, account.id)).cashUsd).toBe(1500.25);
        await expect(repositories.accounts.get(stranger.id, account.id)).rejects.toBeInstanceOf(
          NotFoundError,
        );
        await expect(
          repositories.positions.add(stranger.id, {
            accountId: account.id,
            symbol: 'VTI',
            quantity: 1,
          }),
        ).rejects.toBeInstanceOf(NotFoundError);
        const job = await repositories.jobs.create(owner.id, {
          analysis_type: 'portfolio_analysis',
        });
        await expect(repositories.jobs.get(stranger.id, job.id)).rejects.toBeInstanceOf(
          NotFoundError,
        );
        expect((await repositories.jobs.get(owner.id, job.id)).status).toBe('pending');
      });

      it('normalises symbols, admits BRK.B and names the field and rule of bad input', async () => {
        const user = await newUser();
        const account = await repositories.accounts.create(user.id, {
          name: 'Taxable',
          type: 'taxable',
        });
        const position = await repositories.positions.add(user.id, {
          accountId: account.id,
          symbol: ' brk.b ',
          quantity: 2.5,
        });
        expect(position).toMatchObject({ symbol: 'BRK.B', quantity: 2.5 });
        const [instrument] = await repositories.instruments.get(['BRK.B']);
        expect(instrument?.classificationSource).toBeNull();

        const zero = repositories.positions.add(user.id, {
          accountId: account.id,
          symbol: 'VTI',
          quantity: 0,
        });
        await expect(zero).rejects.toThrowError(
          /position\.quantity: must be a number more than 0 and at most 1,000,000,000/,
        );
        const symbol = repositories.positions.add(user.id, {
          accountId: account.id,
          symbol: 'not a ticker',
          quantity: 1,
        });
        await expect(symbol).rejects.toBeInstanceOf(InputError);
        const type = repositories.accounts.create(user.id, {
          name: 'X',
          type: 'pension' as 'taxable',
        });
        await expect(type).rejects.toThrowError(
          /account\.type: must be one of taxable, tax_deferred, tax_free/,
        );
        const duplicate = repositories.positions.add(user.id, {
          accountId: account.id,
          symbol: 'BRK.B',
          quantity: 1,
        });
        await expect(duplicate).rejects.toThrowError(/already held/);
        expect(await repositories.positions.list(user.id)).toHaveLength(1);
      });

      it('claims a pending job once; a second claim of the same job gets nothing', async () => {
        const user = await newUser();
        const job = await repositories.jobs.create(user.id, {
          analysis_type: 'portfolio_analysis',
        });
        const deadline = new Date(Date.now() + 60_000);
        const [first, second] = await Promise.all([
          repositories.jobs.claim(job.id, deadline),
          repositories.jobs.claim(job.id, deadline),
        ]);
        const winners = [first, second].filter(Boolean);
        expect(winners).toHaveLength(1);
        expect(winners[0]).toMatchObject({ status: 'running', attempts: 1 });
        expect(await repositories.jobs.finish(job.id, { status: 'failed', error: 'boom' })).toBe(
          true,
        );
        expect(await repositories.jobs.claim(job.id, deadline)).toBeUndefined();
        const finished = await repositories.jobs.get(user.id, job.id);
        expect(finished).toMatchObject({ status: 'failed', error: 'boom' });
      });

      it('fences late writers: a reaped attempt cannot finish the job, a finished job takes no payload', async () => {
        const user = await newUser();
        const job = await repositories.jobs.create(user.id, {
          analysis_type: 'portfolio_analysis',
        });
        const later = new Date(Date.now() + 60_000);
        await repositories.jobs.claim(job.id, later);
        await repositories.jobs.requeue(job.id, ['running'], 'worker lost');
        await repositories.jobs.claim(job.id, later);
        expect(await repositories.jobs.finish(job.id, { status: 'completed', attempt: 1 })).toBe(
          false,
        );
        expect(await repositories.jobs.savePayload(job.id, 'charter', { late: true }, 1)).toBe(
          false,
        );
        expect(
          await repositories.jobs.finish(job.id, { status: 'failed', error: 'x', attempt: 2 }),
        ).toBe(true);
        expect(await repositories.jobs.savePayload(job.id, 'charter', { late: true })).toBe(false);
        const stored = await repositories.jobs.findForWorker(job.id);
        expect(stored).toMatchObject({ status: 'failed', attempts: 2, chartsPayload: null });
      });

      it('records agent runs with their attempt numbers, tokens and cost', async () => {
        const user = await newUser();
        const job = await repositories.jobs.create(user.id, {
          analysis_type: 'portfolio_analysis',
        });
        const first = await repositories.agentRuns.start(job.id, 'reporter', 'offline');
        await repositories.agentRuns.finish(first.id, {
          status: 'failed',
          durationMs: 12.4,
          inputTokens: 10,
          outputTokens: 5,
          costUsd: 0.000125,
          error: 'timed out',
        });
        const second = await repositories.agentRuns.start(job.id, 'reporter', 'offline');
        expect(second.attempt).toBe(2);
        const runs = await repositories.agentRuns.list(job.id);
        expect(runs[0]).toMatchObject({
          status: 'failed',
          durationMs: 12,
          costUsd: 0.000125,
          error: 'timed out',
        });
      });

      it('caches a trading day of closes', async () => {
        expect(await repositories.dailyCloses.get('2025-01-02')).toBeUndefined();
        await repositories.dailyCloses.put(
          '2025-01-02',
          new Map([
            ['AAPL', 243.85],
            ['BRK.B', 455.5],
          ]),
        );
        expect(await repositories.dailyCloses.get('2025-01-02')).toEqual(
          new Map([
            ['AAPL', 243.85],
            ['BRK.B', 455.5],
          ]),
        );
      });
    },
  );
}
