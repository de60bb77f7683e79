import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  accountCreateRequestSchema,
  accountUpdateRequestSchema,
  apiAccountSchema,
  messageSchema,
  positionListSchema,
} from '../../../contracts/api.ts';
import type { ApiDependencies, ApiEnv } from '../api-context.ts';
import { idParams, jsonBody, problemResponses, SECURED } from '../route-helpers.ts';
import { toApiAccount, toApiPosition } from '../wire-shapes.ts';

const listAccounts = createRoute({
  method: 'get',
  path: '/api/accounts',
  tags: ['accounts'],
  summary: 'The caller’s accounts (a bare array, as the original answers)',
  security: SECURED,
  responses: { 200: jsonBody(z.array(apiAccountSchema), 'accounts'), ...problemResponses() },
});

const createAccount = createRoute({
  method: 'post',
  path: '/api/accounts',
  tags: ['accounts'],
  summary: 'Open an account',
  security: SECURED,
  request: { body: { ...jsonBody(accountCreateRequestSchema, 'the account'), required: true } },
  responses: {
    201: jsonBody(apiAccountSchema, 'the account created'),
    ...problemResponses(400, 413, 415),
  },
});

const updateAccount = createRoute({
  method: 'put',
  path: '/api/accounts/{id}',
  tags: ['accounts'],
  summary: 'Change an account (answers the account row)',
  security: SECURED,
  request: {
    params: idParams,
    body: { ...jsonBody(accountUpdateRequestSchema, 'fields to change'), required: true },
  },
  responses: {
    200: jsonBody(apiAccountSchema, 'the updated account'),
    ...problemResponses(400, 404, 413, 415),
  },
});

const deleteAccount = createRoute({
  method: 'delete',
  path: '/api/accounts/{id}',
  tags: ['accounts'],
  summary: 'Close an account and remove its positions',
  security: SECURED,
  request: { params: idParams },
  responses: { 200: jsonBody(messageSchema, 'deleted'), ...problemResponses(400, 404) },
});

const listAccountPositions = createRoute({
  method: 'get',
  path: '/api/accounts/{id}/positions',
  tags: ['accounts'],
  summary: 'The positions of one account, each with its instrument and current_price',
  security: SECURED,
  request: { params: idParams },
  responses: {
    200: jsonBody(positionListSchema, '`{positions: [...]}`'),
    ...problemResponses(400, 404),
  },
});

export function registerAccountRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  const { accounts, positions, instruments } = deps.repositories;

  app.openapi(listAccounts, async (c) => {
    const user = c.get('user');
    const rows = await accounts.list(user.id);
    return c.json(
      rows.map((account) => toApiAccount(account, user)),
      200,
    );
  });

  app.openapi(createAccount, async (c) => {
    const user = c.get('user');
    const body = c.req.valid('json');
    const account = await accounts.create(user.id, {
      name: body.account_name,
      ...(body.account_purpose !== undefined ? { purpose: body.account_purpose } : {}),
      type: body.account_type,
      cashUsd: body.cash_balance,
      cashInterestPct: body.cash_interest,
    });
    return c.json(toApiAccount(account, user), 201);
  });

  app.openapi(updateAccount, async (c) => {
    const user = c.get('user');
    const body = c.req.valid('json');
    const account = await accounts.update(user.id, c.req.valid('param').id, {
      ...(body.account_name !== undefined ? { name: body.account_name } : {}),
      ...(body.account_purpose !== undefined ? { purpose: body.account_purpose } : {}),
      ...(body.account_type !== undefined ? { type: body.account_type } : {}),
      ...(body.cash_balance !== undefined ? { cashUsd: body.cash_balance } : {}),
      ...(body.cash_interest !== undefined ? { cashInterestPct: body.cash_interest } : {}),
    });
    return c.json(toApiAccount(account, user), 200);
  });

  app.openapi(deleteAccount, async (c) => {
    await accounts.remove(c.get('user').id, c.req.valid('param').id);
    return c.json({ message: 'Account deleted successfully' }, 200);
  });

  app.openapi(listAccountPositions, async (c) => {
    const user = c.get('user');
    const account = await accounts.get(user.id, c.req.valid('param').id);
    const held = await positions.list(user.id, account.id);
    const known = new Map(
      (await instruments.get(held.map((position) => position.symbol))).map((instrument) => [
        instrument.symbol,
        instrument,
      ]),
    );
    return c.json(
      { positions: held.map((position) => toApiPosition(position, known.get(position.symbol))) },
      200,
    );
  });
}
