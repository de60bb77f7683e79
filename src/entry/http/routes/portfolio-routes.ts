import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  portfolioAnalyticsSchema,
  simulateRequestSchema,
  simulateResponseSchema,
} from '../../../contracts/api.ts';
import { analyzePortfolio } from '../../../core/index.ts';
import type { ApiDependencies, ApiEnv } from '../api-context.ts';
import { jsonBody, problemResponses, SECURED } from '../route-helpers.ts';
import { simulateForCaller } from '../simulate-request.ts';
import { toApiAnalytics } from '../wire-shapes.ts';

const portfolio = createRoute({
  method: 'get',
  path: '/api/portfolio',
  tags: ['portfolio'],
  summary:
    'The analytics the report uses (allocation by asset class, region and sector; fees; drift), without running agents',
  security: SECURED,
  responses: {
    200: jsonBody(portfolioAnalyticsSchema, 'analytics at the last stored prices'),
    ...problemResponses(),
  },
});

const simulate = createRoute({
  method: 'post',
  path: '/api/simulate',
  tags: ['portfolio'],
  summary:
    'Monte Carlo of the caller’s portfolio with overrides; answers what `alex simulate --json` prints',
  security: SECURED,
  request: {
    body: jsonBody(simulateRequestSchema, 'overrides; everything else from the portfolio'),
  },
  responses: {
    200: jsonBody(simulateResponseSchema, 'the simulation'),
    ...problemResponses(400, 413, 415),
  },
});

export function registerPortfolioRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(portfolio, async (c) => {
    const loaded = await deps.repositories.portfolios.load(c.get('user').id);
    return c.json(toApiAnalytics(analyzePortfolio(loaded.portfolio)), 200);
  });

  app.openapi(simulate, async (c) => {
    const loaded = await deps.repositories.portfolios.load(c.get('user').id);
    return c.json(await simulateForCaller(loaded, c.req.valid('json'), deps.runSimulation), 200);
  });
}
