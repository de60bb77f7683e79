// Loads a Terraform directory through @cdktf/hcl2json (the HCL parser Terraform itself uses,
// compiled to WebAssembly) and merges its files into one view, so tests can check the
// structure of the infrastructure without a Terraform binary or a cloud account, and the
// local AWS emulation (`alex dev aws`) uses the queue settings the deployment uses.
// @cdktf/hcl2json is a development dependency: only tests and `alex dev` load this file.
//
// hcl2json keeps literals as JSON values and turns every expression into a "${...}" string;
// the helpers below read literals and hand expressions back as text.
import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type HclBody = Record<string, unknown>;

export interface TerraformModule {
  /** Every parsed file by name, including `*.tfvars.example`. */
  files: Map<string, HclBody>;
  resources: Map<string, HclBody>; // key "type.name"
  dataSources: Map<string, HclBody>; // key "type.name"
  variables: Map<string, HclBody>;
  outputs: Map<string, HclBody>;
  locals: Map<string, unknown>;
}

export async function loadTerraformModule(directory: string): Promise<TerraformModule> {
  const module: TerraformModule = {
    files: new Map(),
    resources: new Map(),
    dataSources: new Map(),
    variables: new Map(),
    outputs: new Map(),
    locals: new Map(),
  };
  const names = readdirSync(directory)
    .filter((name) => name.endsWith('.tf') || name.endsWith('.tfvars.example'))
    .sort();
  for (const name of names) {
    const parsed = asBody(await parse(name, readFileSync(join(directory, name), 'utf8')), name);
    module.files.set(name, parsed);
    if (name.endsWith('.tf')) addFile(module, name, parsed);
  }
  return module;
}

function addFile(module: TerraformModule, file: string, parsed: HclBody): void {
  for (const [kind, content] of Object.entries(parsed)) {
    if (kind === 'resource' || kind === 'data') {
      const target = kind === 'resource' ? module.resources : module.dataSources;
      for (const [type, byName] of Object.entries(asBody(content, file))) {
        for (const [name, bodies] of Object.entries(asBody(byName, file))) {
          addUnique(target, `${type}.${name}`, onlyBlock(bodies, `${type}.${name}`), file);
        }
      }
    } else if (kind === 'variable' || kind === 'output') {
      const target = kind === 'variable' ? module.variables : module.outputs;
      for (const [name, bodies] of Object.entries(asBody(content, file))) {
        addUnique(target, name, onlyBlock(bodies, `${kind} ${name}`), file);
      }
    } else if (kind === 'locals') {
      for (const localsBlock of asArray(content, file)) {
        for (const [name, value] of Object.entries(asBody(localsBlock, file))) {
          addUnique(module.locals, name, value, file);
        }
      }
    }
  }
}

function addUnique<T>(target: Map<string, T>, key: string, value: T, file: string): void {
  if (target.has(key)) throw new Error(`${key} is declared twice (again in ${file})`);
  target.set(key, value);
}

export function asBody(value: unknown, what: string): HclBody {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what}: expected an object, got ${JSON.stringify(value)}`);
  }
  return value as HclBody;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new Error(`${what}: expected a list, got ${JSON.stringify(value)}`);
  return value as unknown[];
}

/** hcl2json represents each block as a list of bodies; most blocks appear once. */
export function onlyBlock(value: unknown, what: string): HclBody {
  const bodies = asArray(value, what);
  if (bodies.length !== 1) throw new Error(`${what}: expected one block, found ${bodies.length}`);
  return asBody(bodies[0], what);
}

/** The nested blocks named `name` inside `body` (none: empty list). */
export function nestedBlocks(body: HclBody, name: string): HclBody[] {
  const value = body[name];
  if (value === undefined) return [];
  return asArray(value, name).map((entry) => asBody(entry, name));
}

export function nestedBlock(body: HclBody, name: string): HclBody {
  return onlyBlock(body[name], name);
}

export function stringList(value: unknown, what: string): string[] {
  return asArray(value, what).map((entry) => {
    if (typeof entry !== 'string')
      throw new Error(`${what}: expected strings, got ${JSON.stringify(entry)}`);
    return entry;
  });
}

export function required<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`missing ${String(key)}`);
  return value;
}

/** Every "${...}"-bearing string anywhere under `value`: the module's expressions. */
export function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('${') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (typeof value === 'object' && value !== null)
    return Object.values(value).flatMap(expressionsIn);
  return [];
}

/**
 * A number given as a literal or as a reference to locals holding a literal or a product
 * (`${6 * local.planner_timeout_seconds}`): enough to check the timing rules.
 */
export function resolveNumber(module: TerraformModule, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw new Error(`not a number: ${JSON.stringify(value)}`);
  const expression = /^\$\{(.*)\}$/s.exec(value.trim())?.[1];
  if (expression === undefined) throw new Error(`not an expression: ${value}`);
  return expression
    .split('*')
    .map((factor) => factor.trim())
    .map((factor) => {
      if (/^\d+$/.test(factor)) return Number(factor);
      const local = /^local\.(\w+)$/.exec(factor)?.[1];
      if (local === undefined) throw new Error(`cannot resolve ${factor} in ${value}`);
      return resolveNumber(module, required(module.locals, local));
    })
    .reduce((product, factor) => product * factor, 1);
}

/** The job queue as infra/terraform/agents sets it up, for local runs that must behave alike. */
export interface JobQueueSettings {
  queueName: string;
  deadLetterQueueName: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /** Messages per planner invocation (the event source mapping's batch_size). */
  batchSize: number;
  reportsBatchItemFailures: boolean;
}

export async function readJobQueueSettings(directory: string): Promise<JobQueueSettings> {
  const module = await loadTerraformModule(directory);
  const mapping = required(module.resources, 'aws_lambda_event_source_mapping.planner_jobs');
  const queueName = required(module.locals, 'jobs_queue_name');
  const dlqName = String(required(module.resources, 'aws_sqs_queue.jobs_dlq')['name']);
  if (typeof queueName !== 'string') throw new Error('local.jobs_queue_name is not a string');
  return {
    queueName,
    // "${local.jobs_queue_name}-dlq" in sqs.tf.
    deadLetterQueueName: dlqName.replace('${local.jobs_queue_name}', queueName),
    visibilityTimeoutSeconds: resolveNumber(
      module,
      required(module.locals, 'jobs_visibility_timeout_seconds'),
    ),
    maxReceiveCount: resolveNumber(module, required(module.locals, 'jobs_max_receive_count')),
    batchSize: resolveNumber(module, mapping['batch_size']),
    reportsBatchItemFailures: stringList(
      mapping['function_response_types'],
      'function_response_types',
    ).includes('ReportBatchItemFailures'),
  };
}
