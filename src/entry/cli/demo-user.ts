import { DEMO_USER_ID, seedDemoPortfolio } from '../../store/seeds/demo-portfolio.ts';
import type { Services } from '../compose.ts';
import { printNotice } from './output.ts';

/**
 * The demo user's id, seeding the demo portfolio first when this database has none; the commands
 * that run "on the demo" (`--demo`, `alex start`) all find it the same way.
 */
export async function ensureDemoUser(services: Services): Promise<string> {
  const users = await services.repositories.users.list();
  if (!users.some((user) => user.id === DEMO_USER_ID)) {
    await seedDemoPortfolio(services.repositories);
    printNotice('created the demo portfolio (Demo Investor: 401(k), Roth IRA, taxable brokerage)');
  }
  return DEMO_USER_ID;
}
