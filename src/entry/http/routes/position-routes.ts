import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  apiInstrumentSchema,
  apiPositionSchema,
  messageSchema,
  positionCreateRequestSchema,
  positionUpdateRequestSchema,
} from '../../../contracts/api.ts';
import type { Position, Repositories } from '../../../store/repositories/index.ts';
import type { ApiDependencies, ApiEnv } from '../api-context.ts';
import { idParams, jsonBody, problemResponses, SECURED } from '../route-helpers.ts';
import { toApiInstrument, toApiPosition } from '../wire-shapes.ts';

const createPosition = createRoute({
  method: 'post',
  path: '/api/positions',
  tags: ['positions'],
  summary:
    'Add a holding; an unknown symbol gets an unclassified, unpriced instrument (unknown_symbol: true) that the next analysis tags',
  security: SECURED,
  request: { body: { ...jsonBody(positionCreateRequestSchema, 'the holding'), required: true } },
  responses: {
    201: jsonBody(apiPositionSchema, 'the position created'),
    ...problemResponses(400, 404, 413, 415),
  },
});

const updatePosition = createRoute({
  method: 'put',
  path: '/api/positions/{id}',
  tags: ['positions'],
  summary: 'Change the quantity of a holding',
  security: SECURED,
  request: {
    params: idParams,
    body: { ...jsonBody(positionUpdateRequestSchema, 'the new quantity'), required: true },
  },
  responses: {
    200: jsonBody(apiPositionSchema, 'the updated position'),
    ...problemResponses(400, 404, 413, 415),
  },
});

const deletePosition = createRoute({
  method: 'delete',
  path: '/api/positions/{id}',
  tags: ['positions'],
  summary: 'Remove a holding',
  security: SECURED,
  request: { params: idParams },
  responses: { 200: jsonBody(messageSchema, 'deleted'), ...problemResponses(400, 404) },
});

const listInstruments = createRoute({
  method: 'get',
  path: '/api/instruments',
  tags: ['instruments'],
  summary:
    'Instruments for autocomplete (a bare array): the shipped reference set and the caller’s own holdings',
  security: SECURED,
  responses: { 200: jsonBody(z.array(apiInstrumentSchema), 'instruments'), ...problemResponses() },
});

async function withInstrument(repositories: Repositories, position: Position) {
  const [instrument] = await repositories.instruments.get([position.symbol]);
  return toApiPosition(position, instrument);
}

export function registerPositionRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  const { repositories } = deps;

  app.openapi(createPosition, async (c) => {
    const body = c.req.valid('json');
    const position = await repositories.positions.add(c.get('user').id, {
      accountId: body.account_id,
      symbol: body.symbol,
      quantity: body.quantity,
    });
    return c.json(await withInstrument(repositories, position), 201);
  });

  app.openapi(updatePosition, async (c) => {
    const position = await repositories.positions.updateQuantity(
      c.get('user').id,
      c.req.valid('param').id,
      c.req.valid('json').quantity,
    );
    return c.json(await withInstrument(repositories, position), 200);
  });

  app.openapi(deletePosition, async (c) => {
    await repositories.positions.removeById(c.get('user').id, c.req.valid('param').id);
    return c.json({ message: 'Position deleted' }, 200);
  });

  app.openapi(listInstruments, async (c) => {
    // A symbol a user typed (then tagged and priced by their analyses) would tell others what
    // that user holds: beyond the shipped reference set, each caller sees only their own.
    const own = new Set(
      (await repositories.positions.list(c.get('user').id)).map((position) => position.symbol),
    );
    const listed = (await repositories.instruments.list()).filter(
      (instrument) => instrument.classificationSource === 'reference' || own.has(instrument.symbol),
    );
    return c.json(listed.map(toApiInstrument), 200);
  });
}
