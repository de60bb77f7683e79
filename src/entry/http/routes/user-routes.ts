import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  apiUserSchema,
  userEnvelopeSchema,
  userUpdateRequestSchema,
} from '../../../contracts/api.ts';
import type { ApiDependencies, ApiEnv } from '../api-context.ts';
import { jsonBody, problemResponses, SECURED } from '../route-helpers.ts';
import { toApiUser } from '../wire-shapes.ts';

const getUser = createRoute({
  method: 'get',
  path: '/api/user',
  tags: ['user'],
  summary: 'The caller’s profile, created on the first call',
  security: SECURED,
  responses: {
    200: jsonBody(userEnvelopeSchema, '`{user, created}`; created is true on the first call only'),
    ...problemResponses(),
  },
});

const putUser = createRoute({
  method: 'put',
  path: '/api/user',
  tags: ['user'],
  summary: 'Change the caller’s profile (answers the bare user)',
  security: SECURED,
  request: { body: { ...jsonBody(userUpdateRequestSchema, 'fields to change'), required: true } },
  responses: {
    200: jsonBody(apiUserSchema, 'the updated user'),
    ...problemResponses(400, 413, 415),
  },
});

export function registerUserRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(getUser, (c) =>
    c.json({ user: toApiUser(c.get('user')), created: c.get('userCreated') }, 200),
  );
  app.openapi(putUser, async (c) => {
    const body = c.req.valid('json');
    const updated = await deps.repositories.users.update(c.get('user').id, {
      ...(body.display_name !== undefined ? { displayName: body.display_name } : {}),
      ...(body.birth_year !== undefined ? { birthYear: body.birth_year } : {}),
      ...(body.sex !== undefined ? { sex: body.sex } : {}),
      ...(body.plan_to_age !== undefined ? { planToAge: body.plan_to_age } : {}),
      ...(body.years_until_retirement !== undefined
        ? { yearsUntilRetirement: body.years_until_retirement }
        : {}),
      ...(body.target_retirement_income !== undefined
        ? { targetRetirementIncomeUsd: body.target_retirement_income }
        : {}),
      ...(body.annual_contribution !== undefined
        ? { annualContributionUsd: body.annual_contribution }
        : {}),
      ...(body.asset_class_targets !== undefined
        ? { assetClassTargets: body.asset_class_targets }
        : {}),
      ...(body.region_targets !== undefined ? { regionTargets: body.region_targets } : {}),
      ...(body.income_plan !== undefined ? { incomePlan: body.income_plan } : {}),
      ...(body.xray_thresholds !== undefined ? { xrayThresholds: body.xray_thresholds } : {}),
      ...(body.tax_plan !== undefined ? { taxPlan: body.tax_plan } : {}),
    });
    return c.json(toApiUser(updated), 200);
  });
}
