import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  XRAY_RULE_IDS,
  XRAY_RULE_LIMITS,
  xrayResponseSchema,
  xrayThresholdTextSchema,
} from '../../../contracts/xray.ts';
import { analyzePortfolio, toXrayJson, xrayPortfolio } from '../../../core/index.ts';
import type { ApiDependencies, ApiEnv } from '../api-context.ts';
import { jsonBody, problemResponses, SECURED } from '../route-helpers.ts';

const xray = createRoute({
  method: 'get',
  path: '/api/xray',
  tags: ['portfolio'],
  summary:
    'Portfolio X-ray at the last stored prices: rules with thresholds, companies held through funds, currency exposure; answers what `alex xray --json` prints',
  description: `Each rule's threshold comes from the query (this request only), else the profile's \`xray_thresholds\`, else its default. Query parameters, one per rule: ${XRAY_RULE_IDS.map(
    (id) =>
      `\`${id}\` (${XRAY_RULE_LIMITS[id].min}-${XRAY_RULE_LIMITS[id].max}, default ${XRAY_RULE_LIMITS[id].defaultThreshold})`,
  ).join(', ')}.`,
  security: SECURED,
  request: { query: xrayThresholdTextSchema },
  responses: {
    200: jsonBody(xrayResponseSchema, 'the X-ray'),
    ...problemResponses(400),
  },
});

export function registerXrayRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(xray, async (c) => {
    const requestThresholds = c.req.valid('query');
    const { user, portfolio } = await deps.repositories.portfolios.load(c.get('user').id);
    const result = xrayPortfolio({
      input: portfolio,
      analytics: analyzePortfolio(portfolio),
      annualSpendingUsd: user.targetRetirementIncomeUsd,
      profileThresholds: user.xrayThresholds,
      requestThresholds,
    });
    return c.json(toXrayJson(result), 200);
  });
}
