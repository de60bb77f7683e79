import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  populateTestDataResponseSchema,
  resetAccountsResponseSchema,
} from '../../../contracts/api.ts';
import { seedDemoAccounts } from '../../../store/seeds/demo-portfolio.ts';
import type { ApiDependencies, ApiEnv } from '../api-context.ts';
import { jsonBody, problemResponses, SECURED } from '../route-helpers.ts';
import { toApiAccount } from '../wire-shapes.ts';

const resetAccounts = createRoute({
  method: 'delete',
  path: '/api/reset-accounts',
  tags: ['accounts'],
  summary: 'Delete all of the caller’s accounts and positions',
  security: SECURED,
  responses: {
    200: jsonBody(resetAccountsResponseSchema, 'how many accounts were deleted'),
    ...problemResponses(),
  },
});

// No request body is declared: the original front end sends Content-Type: application/json
// with no body at all, and whatever is sent is ignored.
const populateTestData = createRoute({
  method: 'post',
  path: '/api/populate-test-data',
  tags: ['accounts'],
  summary:
    'Give the caller the demo portfolio: three accounts, twelve positions of reference instruments',
  security: SECURED,
  responses: {
    200: jsonBody(populateTestDataResponseSchema, 'the accounts created'),
    ...problemResponses(413),
  },
});

export function registerAdminRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(resetAccounts, async (c) => {
    const deleted = await deps.repositories.accounts.removeAll(c.get('user').id);
    return c.json({ message: `Deleted ${deleted} account(s)`, accounts_deleted: deleted }, 200);
  });

  app.openapi(populateTestData, async (c) => {
    const user = c.get('user');
    const accounts = await seedDemoAccounts(deps.repositories, user.id);
    return c.json(
      {
        message: `Created ${accounts.length} accounts with the demo portfolio`,
        accounts_created: accounts.length,
        accounts: accounts.map((account) => toApiAccount(account, user)),
      },
      200,
    );
  });
}
