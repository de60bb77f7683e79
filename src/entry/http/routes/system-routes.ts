import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { healthSchema } from '../../../contracts/api.ts';
import type { ApiEnv } from '../api-context.ts';
import { jsonBody } from '../route-helpers.ts';

export const API_VERSION = '1.0.0';

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness; needs no credentials',
  responses: { 200: jsonBody(healthSchema, 'the server answers') },
});

export function registerSystemRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(health, (c) =>
    c.json(
      {
        status: 'healthy' as const,
        timestamp: new Date().toISOString(),
        api_version: API_VERSION,
      },
      200,
    ),
  );
}
