import { GetAliasCommand, UpdateAliasCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaFunctionName } from './lambda-functions.ts';
import { ConfigError, UpstreamError, describeError } from '../../errors.ts';
import { callAws } from './call-aws.ts';

// Every function is reached through its `live` alias: the queue trigger invokes the planner's,
// the planner invokes the specialists' (infra/terraform/agents/lambda.tf). `alex deploy`
// publishes a version per function and then moves the aliases, so what serves requests switches
// at one call per function, never to a half-updated $LATEST. Each alias remembers the version it
// served before in its description ("previous=<n>"), which is all `alex deploy --rollback` needs.

export const LIVE_ALIAS = 'live';

/**
 * The specialists before the planner: while the aliases move one by one, an old planner may
 * call a new specialist (specialists only gain fields), never a new planner an old specialist.
 * A rollback goes the other way round for the same reason.
 */
const DEPLOY_ORDER: readonly LambdaFunctionName[] = [
  'tagger',
  'reporter',
  'charter',
  'retirement',
  'planner',
  // The API last: a new API may send jobs only a new planner understands, never the reverse.
  'api',
];

export function deployOrder(agents: readonly LambdaFunctionName[]): LambdaFunctionName[] {
  return DEPLOY_ORDER.filter((agent) => agents.includes(agent));
}

export function rollbackOrder(agents: readonly LambdaFunctionName[]): LambdaFunctionName[] {
  return deployOrder(agents).reverse();
}

export interface LiveAlias {
  agent: LambdaFunctionName;
  functionName: string;
  version: string;
  description: string;
}

export interface AliasMove {
  agent: LambdaFunctionName;
  functionName: string;
  from: LiveAlias;
  to: string;
}

type Lambda = Pick<LambdaClient, 'send'>;

const PREVIOUS_PATTERN = /(?:^|\s)previous=(\d+)(?:\s|$)/;

/** The version the alias served before the last move, as recorded in its description. */
export function previousVersion(description: string): string | undefined {
  return PREVIOUS_PATTERN.exec(description)?.[1];
}

export async function readLiveAlias(
  lambda: Lambda,
  agent: LambdaFunctionName,
  functionName: string,
): Promise<LiveAlias> {
  try {
    const alias = await lambda.send(
      new GetAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS }),
    );
    return {
      agent,
      functionName,
      version: alias.FunctionVersion ?? '$LATEST',
      description: alias.Description ?? '',
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      throw new ConfigError(
        '--terraform-dir',
        `${functionName} has no "${LIVE_ALIAS}" alias: run \`terraform apply\` in infra/terraform/agents to create it`,
        { cause: error },
      );
    }
    throw new UpstreamError(
      'AWS',
      `reading the ${LIVE_ALIAS} alias of ${functionName}: ${describeError(error)}`,
      {},
      { cause: error },
    );
  }
}

/**
 * Moves the aliases in the order given. If one move fails, the aliases already moved are put
 * back (last first) before the error is thrown, and the error says which were restored, so a
 * failure leaves every alias where it was.
 */
export async function moveLiveAliases(
  lambda: Lambda,
  moves: readonly AliasMove[],
  print: (line: string) => void,
): Promise<void> {
  const moved: AliasMove[] = [];
  for (const move of moves) {
    try {
      await lambda.send(
        new UpdateAliasCommand({
          FunctionName: move.functionName,
          Name: LIVE_ALIAS,
          FunctionVersion: move.to,
          Description: `previous=${move.from.version}`,
        }),
      );
    } catch (error) {
      const restored = await restore(lambda, moved.reverse());
      throw new UpstreamError(
        'Lambda',
        `moving the ${LIVE_ALIAS} alias of ${move.functionName} to version ${move.to} failed (${describeError(error)}); ${restored}`,
        { retryable: false },
        { cause: error },
      );
    }
    moved.push(move);
    print(`${move.functionName}: ${LIVE_ALIAS} ${move.from.version} -> ${move.to}`);
  }
}

async function restore(lambda: Lambda, moved: readonly AliasMove[]): Promise<string> {
  if (moved.length === 0)
    return 'no alias had been moved: every function serves what it served before';
  const restored: string[] = [];
  const stuck: string[] = [];
  for (const move of moved) {
    try {
      await callAws(`restoring ${move.functionName}`, () =>
        lambda.send(
          new UpdateAliasCommand({
            FunctionName: move.functionName,
            Name: LIVE_ALIAS,
            FunctionVersion: move.from.version,
            Description: move.from.description,
          }),
        ),
      );
      restored.push(`${move.functionName} (version ${move.from.version})`);
    } catch (error) {
      stuck.push(`${move.functionName} (still on ${move.to}: ${describeError(error)})`);
    }
  }
  return stuck.length === 0
    ? `moved back: ${restored.join(', ')}; every function serves what it served before`
    : `moved back: ${restored.join(', ') || 'none'}; NOT moved back: ${stuck.join(', ')}; run \`alex deploy --rollback\` once AWS answers again`;
}

/**
 * The moves that put each function's alias back on its previous version, planner first.
 * Reads every alias before moving any: one without a recorded previous version stops the
 * rollback with nothing changed.
 */
export async function planRollback(
  lambda: Lambda,
  agents: readonly LambdaFunctionName[],
  functionNames: Record<LambdaFunctionName, string>,
): Promise<AliasMove[]> {
  const moves: AliasMove[] = [];
  for (const agent of rollbackOrder(agents)) {
    const alias = await readLiveAlias(lambda, agent, functionNames[agent]);
    const previous = previousVersion(alias.description);
    if (previous === undefined) {
      throw new ConfigError(
        '--rollback',
        `${alias.functionName}'s ${LIVE_ALIAS} alias records no previous version (it was not moved by \`alex deploy\`); nothing was changed`,
      );
    }
    moves.push({ agent, functionName: alias.functionName, from: alias, to: previous });
  }
  return moves;
}

/** `alex deploy --rollback`: every alias back to its previous version, or none moved. */
export async function rollbackLambdas(
  lambda: Lambda,
  options: {
    agents: readonly LambdaFunctionName[];
    functionNames: Record<LambdaFunctionName, string>;
    print: (line: string) => void;
  },
): Promise<AliasMove[]> {
  const moves = await planRollback(lambda, options.agents, options.functionNames);
  await moveLiveAliases(lambda, moves, options.print);
  return moves;
}
