// The profile's plan_to_age over HTTP: PUT /api/user sets, checks and clears it, GET /api/user
// shows it, and POST /api/simulate plans to it unless the body gives a horizon of its own. On the
// embedded database, and on the AWS path's (Aurora through the Data API stand-in), where the
// check runs in a transaction over the Data API's own transaction calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateResponseSchema } from '../../src/contracts/api.ts';
import { postgresAvailable, postgresSkipReason } from '../helpers/database.ts';
import { bodyOf, json, startTestApi, type TestApi } from './helpers/api-server.ts';

type Row = Record<string, unknown>;
const born = new Date().getUTCFullYear() - 60;
const SIMULATION = { balance: 900_000, spending: 50_000, simulations: 300, levers: false };

const ENGINES = [
  { engine: 'pglite' as const, available: true },
  { engine: 'data-api' as const, available: postgresAvailable },
];

for (const { engine, available } of ENGINES) {
  describe.skipIf(!available)(
    `the profile's plan_to_age over HTTP on ${engine}${available ? '' : ` (${postgresSkipReason})`}`,
    () => {
      let api: TestApi;

      beforeAll(async () => {
        api = await startTestApi(engine === 'pglite' ? {} : { engine, worker: false });
        await api.call('/api/user');
        // 60 today, retiring in 5 years at 65.
        await api.call('/api/user', json('PUT', { birth_year: born, years_until_retirement: 5 }));
      }, 120_000);
      afterAll(async () => {
        await api?.close();
      });

      async function profile(): Promise<Row> {
        return (await bodyOf<{ user: Row }>(await api.call('/api/user'))).user;
      }

      async function problemOf(response: Response): Promise<{ status: number; detail: string }> {
        const body = await bodyOf(response);
        return { status: response.status, detail: String(body['detail']) };
      }

      async function simulate(body: Row) {
        const response = await api.call('/api/simulate', json('POST', { ...SIMULATION, ...body }));
        return { status: response.status, body: await bodyOf(response) };
      }

      it('is null until set, and PUT /api/user refuses an age that is out of range or not after retirement, writing nothing', async () => {
        expect((await profile())['plan_to_age']).toBeNull();
        expect(
          await problemOf(await api.call('/api/user', json('PUT', { plan_to_age: 121 }))),
        ).toEqual({ status: 400, detail: 'plan_to_age: must be a whole number from 1 to 120' });
        expect(
          await problemOf(await api.call('/api/user', json('PUT', { plan_to_age: 65 }))),
        ).toEqual({
          status: 400,
          detail: `plan_to_age: must be above the retirement age, 65 (age 60 from birth_year ${born}, plus years_until_retirement 5)`,
        });
        expect((await profile())['plan_to_age']).toBeNull();
      });

      it('is stored and shown, and a later retirement that would overtake it is refused by name', async () => {
        const saved = await bodyOf(await api.call('/api/user', json('PUT', { plan_to_age: 100 })));
        expect(saved['plan_to_age']).toBe(100);
        expect((await profile())['plan_to_age']).toBe(100);
        const overtaken = await problemOf(
          await api.call('/api/user', json('PUT', { years_until_retirement: 45 })),
        );
        expect(overtaken.status).toBe(400);
        expect(overtaken.detail).toMatch(
          /^years_until_retirement: puts retirement at 105 .*not before the profile's plan_to_age, 100; raise or clear plan_to_age in the same change$/,
        );
        expect(await profile()).toMatchObject({ plan_to_age: 100, years_until_retirement: 5 });
      });

      it('sets the horizon of POST /api/simulate unless the body gives plan_to_age or retirement_years', async () => {
        const fromProfile = await simulate({});
        expect(fromProfile.status).toBe(200);
        const answer = simulateResponseSchema.parse(fromProfile.body);
        expect(answer.portfolio_defaults).toMatchObject({ current_age: 60, plan_to_age: 100 });
        expect(answer.longevity).toMatchObject({ plan_to_age: 100, horizon_rule: 'plan-to-age' });

        const bodyAge = simulateResponseSchema.parse((await simulate({ plan_to_age: 90 })).body);
        expect(bodyAge.longevity).toMatchObject({ plan_to_age: 90, horizon_rule: 'plan-to-age' });
        expect(bodyAge.portfolio_defaults).not.toHaveProperty('plan_to_age');
        const bodyYears = simulateResponseSchema.parse(
          (await simulate({ retirement_years: 20 })).body,
        );
        expect(bodyYears.longevity).toMatchObject({
          plan_to_age: 85,
          horizon_rule: 'retirement-years',
        });
        expect(bodyYears.portfolio_defaults).not.toHaveProperty('plan_to_age');

        // The body's retirement past the profile's age: the error says the age is the profile's.
        const late = await simulate({ years_to_retirement: 45 });
        expect(late.status).toBe(400);
        expect(String(late.body['detail'])).toMatch(
          /^plan_to_age: must be after the retirement age, 105 .*\(the profile's plan_to_age, 100: give plan_to_age or retirement_years in the body, or change it in the profile\)$/,
        );
      });

      it('is cleared with null: the life table sets the horizon again', async () => {
        const cleared = await bodyOf(
          await api.call('/api/user', json('PUT', { plan_to_age: null })),
        );
        expect(cleared['plan_to_age']).toBeNull();
        const answer = simulateResponseSchema.parse((await simulate({})).body);
        expect(answer.longevity?.horizon_rule).toBe('life-table');
        expect(answer.portfolio_defaults).not.toHaveProperty('plan_to_age');
      });
    },
  );
}
