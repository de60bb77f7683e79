import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { describeError } from '../../errors.ts';
import type { ApiDependencies, ApiEnv } from './api-context.ts';
import { userOfCaller } from './caller-user.ts';
import {
  httpProblem,
  internalProblem,
  invalidInput,
  issuesOf,
  MAX_BODY_BYTES,
  problemFor,
  sendProblem,
} from './problem.ts';
import { registerAccountRoutes } from './routes/account-routes.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerAnalysisRoutes } from './routes/analysis-routes.ts';
import { registerPortfolioRoutes } from './routes/portfolio-routes.ts';
import { registerPositionRoutes } from './routes/position-routes.ts';
import { API_VERSION, registerSystemRoutes } from './routes/system-routes.ts';
import { registerUserRoutes } from './routes/user-routes.ts';
import { registerXrayRoutes } from './routes/xray-routes.ts';

const WHERE: Record<string, string | undefined> = {
  json: undefined,
  query: 'query',
  param: 'path',
  header: 'header',
};

// A client that is still sending when the server answers 413 and closes sees a reset instead of
// the answer. Bodies up to this size are read and thrown away first, so the client gets its
// problem document; beyond it the connection is cut rather than read for ever.
const DISCARD_LIMIT_BYTES = 16 * 1_048_576;

async function discardBody(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed || request.body.locked) return;
  const reader = request.body.getReader();
  let read = 0;
  try {
    while (read <= DISCARD_LIMIT_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to discard.
  }
}

/**
 * The HTTP API as a Hono app: served by `alex serve` (Node) and usable behind API Gateway.
 * Every route is declared once with its zod schemas; the OpenAPI 3.1 document is built from
 * the same declarations.
 */
export function createApiApp(deps: ApiDependencies): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    // Validation failures become one problem document naming every field and rule.
    defaultHook: (result, c) => {
      if (!result.success) {
        return sendProblem(c, invalidInput(issuesOf(result.error, WHERE[result.target])));
      }
      return undefined;
    },
  });

  app.onError((error, c) => {
    const known = problemFor(error);
    if (known) return sendProblem(c, known);
    deps.logger.error({
      event: 'api-error',
      method: c.req.method,
      path: c.req.path,
      error: describeError(error),
    });
    return sendProblem(c, internalProblem());
  });
  app.notFound((c) => sendProblem(c, httpProblem(404, '')));

  if (deps.config.corsOrigins.length > 0) {
    const allowed = new Set(deps.config.corsOrigins);
    app.use(
      '*',
      cors({
        origin: (origin) => (allowed.has(origin) ? origin : null),
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
        allowHeaders: ['authorization', 'content-type', 'last-event-id'],
        exposeHeaders: ['retry-after', 'content-disposition'],
        maxAge: 600,
      }),
    );
  }
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: async (c) => {
        await discardBody(c.req.raw);
        return sendProblem(c, httpProblem(413, ''));
      },
    }),
  );

  registerSystemRoutes(app);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Alex API',
      version: API_VERSION,
      description:
        'Multi-agent portfolio analysis. Every /api route acts for the caller only: another user’s account, position or job is a 404. Errors are application/problem+json (RFC 9457).',
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'ALEX_AUTH=token: ALEX_API_TOKEN; ALEX_AUTH=jwt: a JWT; ALEX_AUTH=local: none',
  });

  app.use('/api/*', async (c, next) => {
    const caller = await deps.authenticator.authenticate(c.req.header('authorization'));
    const { user, created } = await userOfCaller(deps.repositories, caller);
    c.set('user', user);
    c.set('userCreated', created);
    await next();
  });
  registerUserRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerPositionRoutes(app, deps);
  registerAnalysisRoutes(app, deps);
  registerPortfolioRoutes(app, deps);
  registerXrayRoutes(app, deps);
  registerAdminRoutes(app, deps);
  return app;
}
