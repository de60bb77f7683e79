import { AGENT_NAMES, type AgentName } from '../../contracts/jobs.ts';

// The Lambda functions Alex ships: one per agent, and the HTTP API's (src/entry/lambda/api.ts,
// infra/terraform/agents/api.tf), which runs no agent. Each is bundled from
// src/entry/lambda/<name>.ts into dist/lambda/<name>.zip.

export const LAMBDA_FUNCTIONS = [...AGENT_NAMES, 'api'] as const;

export type LambdaFunctionName = AgentName | 'api';
