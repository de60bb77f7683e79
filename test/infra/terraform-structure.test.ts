// Structural checks of infra/terraform/agents: the files parse as HCL, and the properties the
// deployment relies on hold (DLQ wiring, batch failures, timeouts, least-privilege roles, no
// secret values in code, environment names the runtime understands). Terraform itself is not
// needed; see src/entry/aws/terraform-module.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { AGENT_NAMES, type AgentName } from '../../src/contracts/jobs.ts';
import {
  asBody,
  expressionsIn,
  loadTerraformModule,
  nestedBlock,
  nestedBlocks,
  required,
  resolveNumber,
  stringList,
  type HclBody,
  type TerraformModule,
} from '../../src/entry/aws/terraform-module.ts';

const MODULE_DIR = 'infra/terraform/agents';
const SPECIALISTS = AGENT_NAMES.filter((name) => name !== 'planner');

let tf: TerraformModule;

beforeAll(async () => {
  tf = await loadTerraformModule(MODULE_DIR);
});

const resource = (address: string): HclBody => required(tf.resources, address);
const dataSource = (address: string): HclBody => required(tf.dataSources, address);
const local = (name: string): unknown => required(tf.locals, name);
const agentTable = (): Record<AgentName, HclBody> => {
  const table = asBody(local('agents'), 'local.agents');
  return Object.fromEntries(
    AGENT_NAMES.map((name) => [name, asBody(table[name], `local.agents.${name}`)]),
  ) as Record<AgentName, HclBody>;
};
const variableDefault = (name: string): unknown => required(tf.variables, name)['default'];

describe('the agent Terraform module', () => {
  it('is split into the expected files, all of which parse as HCL', () => {
    expect([...tf.files.keys()]).toEqual(
      expect.arrayContaining([
        'versions.tf',
        'providers.tf',
        'variables.tf',
        'data.tf',
        's3.tf',
        'sqs.tf',
        'lambda.tf',
        'iam.tf',
        'secrets.tf',
        'logs.tf',
        'alarms.tf',
        'outputs.tf',
        'terraform.tfvars.example',
      ]),
    );
    const versions = nestedBlock(required(tf.files, 'versions.tf'), 'terraform');
    const aws = asBody(nestedBlock(versions, 'required_providers')['aws'], 'aws provider');
    expect(aws['source']).toBe('hashicorp/aws');
  });

  it('refers only to variables, locals, resources and data sources it declares, and uses every variable', () => {
    const expressions = [...tf.files.entries()]
      .filter(([name]) => name.endsWith('.tf'))
      .flatMap(([, body]) => expressionsIn(body));
    const referenced = (pattern: RegExp): Set<string> =>
      new Set(expressions.flatMap((text) => [...text.matchAll(pattern)].map((match) => match[1]!)));

    const variables = referenced(/\bvar\.(\w+)/g);
    expect([...variables].filter((name) => !tf.variables.has(name))).toEqual([]);
    expect([...tf.variables.keys()].filter((name) => !variables.has(name))).toEqual([]);
    expect([...referenced(/\blocal\.(\w+)/g)].filter((name) => !tf.locals.has(name))).toEqual([]);
    expect(
      [...referenced(/(?<![.\w])(aws_\w+\.\w+)/g)].filter((address) => !tf.resources.has(address)),
    ).toEqual([]);
    expect(
      [...referenced(/\bdata\.(aws_\w+\.\w+)/g)].filter((address) => !tf.dataSources.has(address)),
    ).toEqual([]);
  });
});

describe('the functions', () => {
  it('are the five agents, named alex-<agent>, built from one table', () => {
    expect(Object.keys(asBody(local('agents'), 'agents')).sort()).toEqual([...AGENT_NAMES].sort());
    expect(local('function_names')).toContain('"alex-${name}"');
    const lambda = resource('aws_lambda_function.agent');
    expect(lambda['for_each']).toBe('${local.agents}');
    expect(lambda['function_name']).toBe('${local.function_names[each.key]}');
  });

  it('run index.handler on Node 22 or 24 (nodejs22.x by default), arm64, with code from the versioned bucket', () => {
    const lambda = resource('aws_lambda_function.agent');
    expect(lambda['runtime']).toBe('${var.lambda_runtime}');
    expect(variableDefault('lambda_runtime')).toBe('nodejs22.x');
    expect(lambda['architectures']).toEqual(['arm64']);
    expect(lambda['handler']).toBe('index.handler');
    expect(lambda['s3_bucket']).toBe('${aws_s3_bucket.code.id}');
    expect(lambda['s3_key']).toBe('${aws_s3_object.code[each.key].key}');
    expect(lambda['source_code_hash']).toContain('filebase64sha256(');
    expect(lambda['memory_size']).toBe('${var.lambda_memory_mb[each.key]}');
    expect(Object.keys(asBody(variableDefault('lambda_memory_mb'), 'memory')).sort()).toEqual(
      [...AGENT_NAMES].sort(),
    );
  });

  it('give the planner 900 s and every specialist 300 s', () => {
    const agents = agentTable();
    expect(resource('aws_lambda_function.agent')['timeout']).toBe('${each.value.timeout_seconds}');
    expect(resolveNumber(tf, agents.planner['timeout_seconds'])).toBe(900);
    for (const name of SPECIALISTS) {
      expect(resolveNumber(tf, agents[name]['timeout_seconds']), name).toBe(300);
    }
  });

  it('log to their own log groups with a retention period, created before the functions', () => {
    const logGroup = resource('aws_cloudwatch_log_group.agent');
    expect(logGroup['for_each']).toBe('${local.agents}');
    expect(logGroup['name']).toBe('/aws/lambda/${local.function_names[each.key]}');
    expect(logGroup['retention_in_days']).toBe('${var.log_retention_days}');
    expect(variableDefault('log_retention_days')).toBe(14);
    expect(resource('aws_lambda_function.agent')['depends_on']).toContain(
      '${aws_cloudwatch_log_group.agent}',
    );
  });
});

describe('the code bucket', () => {
  it('is versioned, encrypted, private and TLS-only', () => {
    const versioning = resource('aws_s3_bucket_versioning.code');
    expect(versioning['bucket']).toBe('${aws_s3_bucket.code.id}');
    expect(nestedBlock(versioning, 'versioning_configuration')['status']).toBe('Enabled');

    const encryption = resource('aws_s3_bucket_server_side_encryption_configuration.code');
    expect(encryption['bucket']).toBe('${aws_s3_bucket.code.id}');
    const byDefault = nestedBlock(
      nestedBlock(encryption, 'rule'),
      'apply_server_side_encryption_by_default',
    );
    expect(['AES256', 'aws:kms']).toContain(byDefault['sse_algorithm']);

    const publicAccess = resource('aws_s3_bucket_public_access_block.code');
    for (const setting of [
      'block_public_acls',
      'block_public_policy',
      'ignore_public_acls',
      'restrict_public_buckets',
    ]) {
      expect(publicAccess[setting], setting).toBe(true);
    }

    const tlsOnly = nestedBlock(dataSource('aws_iam_policy_document.code_bucket'), 'statement');
    expect(tlsOnly['effect']).toBe('Deny');
    expect(nestedBlock(tlsOnly, 'condition')['variable']).toBe('aws:SecureTransport');
  });

  it('holds one zip per agent, uploaded only when npm run package has built it', () => {
    const object = resource('aws_s3_object.code');
    expect(object['for_each']).toBe('${local.agents}');
    expect(local('lambda_code_keys')).toContain('"lambda/${name}.zip"');
    expect(local('lambda_zip_paths')).toContain('${name}.zip');
    const precondition = nestedBlock(nestedBlock(object, 'lifecycle'), 'precondition');
    expect(precondition['condition']).toContain('fileexists(');
    expect(precondition['error_message']).toContain('npm run package');
  });
});

describe('the job queue', () => {
  it('sends a message to the DLQ after three failed receives', () => {
    const redrive = String(resource('aws_sqs_queue.jobs')['redrive_policy']);
    expect(redrive).toMatch(/deadLetterTargetArn\s*=\s*aws_sqs_queue\.jobs_dlq\.arn/);
    const maxReceive = /maxReceiveCount\s*=\s*([\w.]+)/.exec(redrive)?.[1];
    expect(resolveNumber(tf, `\${${maxReceive}}`)).toBe(3);
    expect(resource('aws_sqs_queue_redrive_allow_policy.jobs_dlq')['queue_url']).toBe(
      '${aws_sqs_queue.jobs_dlq.id}',
    );
  });

  it('hides a message for at least six planner timeouts and long-polls', () => {
    const queue = resource('aws_sqs_queue.jobs');
    const plannerTimeout = resolveNumber(tf, agentTable().planner['timeout_seconds']);
    const visibility = resolveNumber(tf, queue['visibility_timeout_seconds']);
    expect(visibility).toBeGreaterThanOrEqual(6 * plannerTimeout);
    expect(visibility).toBeLessThanOrEqual(43_200); // the SQS maximum
    expect(queue['receive_wait_time_seconds']).toBe(20);
  });

  it('triggers the planner with per-message failure reports and a concurrency cap', () => {
    const mapping = resource('aws_lambda_event_source_mapping.planner_jobs');
    expect(mapping['event_source_arn']).toBe('${aws_sqs_queue.jobs.arn}');
    // The planner's live alias, which `alex deploy` moves: the trigger switches in one step.
    expect(mapping['function_name']).toBe('${aws_lambda_alias.live["planner"].arn}');
    expect(mapping['function_response_types']).toEqual(['ReportBatchItemFailures']);
    expect(nestedBlock(mapping, 'scaling_config')['maximum_concurrency']).toBe(
      '${var.planner_max_concurrency}',
    );
    expect(variableDefault('planner_max_concurrency')).toBeGreaterThanOrEqual(2);
  });

  it('tells the planner its maxReceiveCount, so its last delivery can fail the job', () => {
    expect(asBody(local('queue_environment'), 'queue_environment')['SQS_MAX_RECEIVE_COUNT']).toBe(
      '${local.jobs_max_receive_count}',
    );
  });

  it('runs the reaper every 5 minutes: the schedule invokes the planner with a reap event, through a role that may do nothing else', () => {
    expect([...tf.files.keys()]).toContain('scheduler.tf');
    const schedule = resource('aws_scheduler_schedule.reaper');
    expect(schedule['schedule_expression']).toBe('${var.reaper_schedule_expression}');
    expect(variableDefault('reaper_schedule_expression')).toBe('rate(5 minutes)');
    const target = nestedBlock(schedule, 'target');
    expect(target['arn']).toBe('${local.planner_function_arn}');
    expect(String(local('planner_function_arn'))).toMatch(
      /:lambda:\$\{var\.aws_region\}:\$\{local\.account_id\}:function:\$\{local\.function_names\.planner\}:\$\{local\.live_alias\}$/,
    );
    expect(target['input']).toBe('${local.reaper_event}');
    expect(String(local('reaper_event')).replace(/\s+/g, '')).toBe('${jsonencode({alex="reap"})}');
    expect(target['role_arn']).toBe('${aws_iam_role.reaper_schedule.arn}');

    const permissions = nestedBlocks(
      dataSource('aws_iam_policy_document.reaper_schedule'),
      'statement',
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.['actions']).toEqual(['lambda:InvokeFunction']);
    expect(permissions[0]?.['resources']).toEqual(['${local.planner_function_arn}']);
    expect(resource('aws_iam_role_policy.reaper_schedule')['role']).toBe(
      '${aws_iam_role.reaper_schedule.id}',
    );
    const trust = nestedBlock(
      dataSource('aws_iam_policy_document.scheduler_assume_role'),
      'statement',
    );
    expect(nestedBlock(trust, 'principals')['identifiers']).toEqual(['scheduler.amazonaws.com']);
  });

  it("raises an alarm as soon as the DLQ holds a message, sent to the stack's topic", () => {
    const alarm = resource('aws_cloudwatch_metric_alarm.jobs_dlq_not_empty');
    expect(alarm['namespace']).toBe('AWS/SQS');
    expect(alarm['metric_name']).toBe('ApproximateNumberOfMessagesVisible');
    expect(asBody(alarm['dimensions'], 'dimensions')['QueueName']).toBe(
      '${aws_sqs_queue.jobs_dlq.name}',
    );
    expect(alarm['comparison_operator']).toBe('GreaterThanThreshold');
    expect(alarm['threshold']).toBe(0);
    expect(alarm['alarm_actions']).toBe('${local.alarm_actions}');
    expect(String(local('alarm_actions'))).toContain('aws_sns_topic.alarms.arn');
  });

  it("alarms on an undrained queue and on every function's errors and throttles", () => {
    expect(resource('aws_cloudwatch_metric_alarm.jobs_queue_oldest_message')['metric_name']).toBe(
      'ApproximateAgeOfOldestMessage',
    );
    const alarm = resource('aws_cloudwatch_metric_alarm.function');
    expect(alarm['for_each']).toBe('${local.function_alarms}');
    expect(String(local('function_alarms'))).toContain('setproduct(keys(local.agents)');
    const metrics = asBody(local('function_alarm_metrics'), 'function_alarm_metrics');
    expect(Object.values(metrics).map((entry) => asBody(entry, 'metric')['metric'])).toEqual([
      'Errors',
      'Throttles',
    ]);
    expect(alarm['metric_name']).toBe('${local.function_alarm_metrics[each.value.kind].metric}');
    expect(alarm['alarm_actions']).toBe('${local.alarm_actions}');
  });
});

/** hcl2json gathers `dynamic "statement" {...}` blocks as { dynamic: { statement: [...] } }. */
const dynamicStatements = (document: HclBody): HclBody[] =>
  document['dynamic'] === undefined
    ? []
    : nestedBlocks(asBody(document['dynamic'], 'dynamic'), 'statement');

interface Statement {
  sid: string;
  actions: string[];
  resources: unknown;
}

/**
 * The statements one agent's policy ends up with: the static ones, plus each dynamic one
 * whose for_each is switched on by that agent's flag in local.agents. A condition on
 * configuration (`&& var.vector_bucket != ""`) is taken as met: the test checks the most a
 * role can ever get.
 */
function statementsOf(agent: AgentName): Statement[] {
  const document = dataSource('aws_iam_policy_document.agent');
  const toStatement = (body: HclBody): Statement => ({
    sid: String(body['sid']),
    actions: stringList(body['actions'], 'actions'),
    resources: body['resources'],
  });
  const flags = agentTable()[agent];
  const dynamic = dynamicStatements(document);
  const switchedOn = dynamic.filter((block) => {
    const flag = /each\.value\.(\w+)/.exec(String(block['for_each']))?.[1];
    if (flag === undefined)
      throw new Error(`dynamic statement not driven by a flag: ${String(block['for_each'])}`);
    const value = flags[flag];
    if (typeof value !== 'boolean')
      throw new Error(`local.agents.${agent}.${flag} is not a boolean`);
    return value;
  });
  return [
    ...nestedBlocks(document, 'statement').map(toStatement),
    ...switchedOn.map((block) => toStatement(nestedBlock(block, 'content'))),
  ];
}

const actionsOf = (agent: AgentName): string[] =>
  statementsOf(agent)
    .flatMap((statement) => statement.actions)
    .sort();

const BASE_ACTIONS = [
  'bedrock:InvokeModel',
  'bedrock:InvokeModelWithResponseStream',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'rds-data:BeginTransaction',
  'rds-data:CommitTransaction',
  'rds-data:ExecuteStatement',
  'rds-data:RollbackTransaction',
  'secretsmanager:GetSecretValue',
];

describe('the roles', () => {
  it('are one per function, each with its own policy', () => {
    const role = resource('aws_iam_role.agent');
    expect(role['for_each']).toBe('${local.agents}');
    const policy = resource('aws_iam_role_policy.agent');
    expect(policy['for_each']).toBe('${local.agents}');
    expect(policy['role']).toBe('${aws_iam_role.agent[each.key].id}');
    expect(policy['policy']).toBe('${data.aws_iam_policy_document.agent[each.key].json}');
    expect(resource('aws_lambda_function.agent')['role']).toBe(
      '${aws_iam_role.agent[each.key].arn}',
    );
    // No managed policy (e.g. AWSLambdaBasicExecutionRole, which allows every log group).
    expect(
      [...tf.resources.keys()].filter((address) => address.includes('policy_attachment')),
    ).toEqual([]);
  });

  it('let the planner consume the queue, requeue reaped jobs and invoke the specialists, and nothing more', () => {
    expect(actionsOf('planner')).toEqual(
      [
        ...BASE_ACTIONS,
        'lambda:InvokeFunction',
        'secretsmanager:GetSecretValue',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ].sort(),
    );
  });

  it('let the reporter search the knowledge stores, and nothing more', () => {
    expect(actionsOf('reporter')).toEqual(
      [
        ...BASE_ACTIONS,
        's3vectors:GetVectors',
        's3vectors:QueryVectors',
        'sagemaker:InvokeEndpoint',
      ].sort(),
    );
  });

  it('give the tagger, charter and retirement agents only logs, the model, the database and secrets', () => {
    for (const agent of ['tagger', 'charter', 'retirement'] as const) {
      expect(actionsOf(agent), agent).toEqual(BASE_ACTIONS);
    }
  });

  it('never let a specialist invoke a function or touch the queue', () => {
    for (const agent of SPECIALISTS) {
      const actions = actionsOf(agent);
      expect(
        actions.filter((action) => action.startsWith('lambda:')),
        agent,
      ).toEqual([]);
      expect(
        actions.filter((action) => action.startsWith('sqs:')),
        agent,
      ).toEqual([]);
    }
  });

  it('let the planner invoke the three specialists it runs by ARN, never "*"', () => {
    const invoke = statementsOf('planner').find((statement) =>
      statement.actions.includes('lambda:InvokeFunction'),
    );
    expect(invoke?.resources).toBe('${statement.value}');
    const dynamicInvoke = dynamicStatements(dataSource('aws_iam_policy_document.agent')).find(
      (block) => String(block['for_each']).includes('invokes_specialists'),
    );
    expect(dynamicInvoke?.['for_each']).toContain('[local.specialist_function_arns]');
    const arns = String(local('specialist_function_arns'));
    expect(arns).toMatch(
      /:lambda:\$\{var\.aws_region\}:\$\{local\.account_id\}:function:\$\{local\.function_names\[name\]\}/,
    );
    expect(arns).toContain('for name in local.specialists');
    expect(arns).not.toContain('*');
    expect(String(local('specialists'))).toContain('if agent.invoked_by_planner');
    const agents = agentTable();
    expect(AGENT_NAMES.filter((name) => agents[name]['invoked_by_planner'] === true)).toEqual([
      'reporter',
      'charter',
      'retirement',
    ]);
  });

  it('scope every statement to named resources: no wildcard actions or resources', () => {
    for (const agent of AGENT_NAMES) {
      for (const statement of statementsOf(agent)) {
        expect(
          statement.actions.filter((action) => action.includes('*')),
          statement.sid,
        ).toEqual([]);
        const resources = Array.isArray(statement.resources)
          ? stringList(statement.resources, statement.sid)
          : [String(statement.resources)];
        for (const resourceText of resources) {
          // The only star allowed is the log-stream suffix of the agent's own log group.
          expect(resourceText.replace(/\.arn\}:\*$/, '.arn}'), statement.sid).not.toContain('*');
        }
      }
    }
    const statements = statementsOf('reporter');
    const bySid = (sid: string): unknown =>
      statements.find((statement) => statement.sid === sid)?.resources;
    expect(bySid('WriteOwnLogs')).toEqual(['${aws_cloudwatch_log_group.agent[each.key].arn}:*']);
    expect(bySid('UseDatabaseThroughDataApi')).toEqual(['${local.aurora_cluster_arn}']);
    // The functions' own DML-only database user; the master secret is the operator's.
    expect(bySid('ReadDatabaseSecret')).toEqual(['${aws_secretsmanager_secret.aurora_app.arn}']);
    expect(
      statementsOf('planner').find((statement) => statement.sid === 'ReadApiKeySecret')?.resources,
    ).toEqual(['${statement.value}']);
    expect(bySid('ReadApiKeySecret')).toBeUndefined();
    expect(String(local('vector_index_arn'))).toMatch(
      /:s3vectors:.*:bucket\/\$\{var\.vector_bucket\}\/index\/\$\{var\.vector_index\}$/,
    );
    expect(String(local('sagemaker_endpoint_arn'))).toMatch(/:sagemaker:.*:endpoint\//);
  });

  it('allow Bedrock on the configured model and inference profile only', () => {
    const statement = statementsOf('tagger').find((entry) => entry.sid === 'InvokeConfiguredModel');
    expect(statement?.resources).toBe('${local.bedrock_model_arns}');
    const arns = String(local('bedrock_model_arns'));
    expect(arns).toContain(
      'data.aws_bedrock_inference_profile.configured[*].inference_profile_arn',
    );
    expect(arns).toContain('profile.models[*].model_arn');
    expect(arns).toContain(':foundation-model/${var.bedrock_model_id}');
    expect(arns).not.toMatch(/bedrock:\*|foundation-model\/\*/);
    expect(dataSource('aws_bedrock_inference_profile.configured')['inference_profile_id']).toBe(
      '${var.bedrock_model_id}',
    );
  });
});

describe('secrets and configuration', () => {
  it('create the API-key secret without a value, and take no key as a variable or output', () => {
    expect(tf.resources.has('aws_secretsmanager_secret.api_keys')).toBe(true);
    expect(
      [...tf.resources.keys()].filter((address) =>
        address.startsWith('aws_secretsmanager_secret_version'),
      ),
    ).toEqual([]);
    expect(
      [...tf.variables.keys()].filter((name) => /(api_key|password|token)$/i.test(name)),
    ).toEqual([]);
    expect(tf.variables.has('polygon_api_key')).toBe(false);
    for (const [name, output] of tf.outputs) {
      expect(String(output['value']), name).not.toMatch(
        /secret_string|secret_version|var\.\w*(key|password|token)\b/i,
      );
    }
  });

  it('outputs the function names and both queue URLs', () => {
    expect(required(tf.outputs, 'lambda_functions')['value']).toContain(
      'aws_lambda_function.agent',
    );
    expect(required(tf.outputs, 'sqs_queue_url')['value']).toBe('${aws_sqs_queue.jobs.url}');
    expect(required(tf.outputs, 'sqs_dlq_url')['value']).toBe('${aws_sqs_queue.jobs_dlq.url}');
  });

  it('has an example tfvars with the seed settings, minus the Polygon key', () => {
    const example = required(tf.files, 'terraform.tfvars.example');
    expect(Object.keys(example).sort()).toEqual(
      [
        'aurora_cluster_arn',
        'aurora_secret_arn',
        'aws_region',
        'bedrock_model_id',
        'bedrock_region',
        'polygon_plan',
        'sagemaker_endpoint',
        'vector_bucket',
      ].sort(),
    );
    for (const name of Object.keys(example)) expect(tf.variables.has(name), name).toBe(true);
  });

  it('gives each function environment names the runtime configuration accepts', () => {
    const planner = environmentOf('planner');
    expect(Object.keys(planner).sort()).toEqual(
      [
        'ALEX_AGENT_INVOKE',
        'ALEX_FUNCTION_CHARTER',
        'ALEX_FUNCTION_REPORTER',
        'ALEX_FUNCTION_RETIREMENT',
        'ALEX_LOG_LEVEL',
        'ALEX_MODEL',
        'ALEX_QUEUE',
        'ALEX_SECRETS_ARN',
        'AURORA_CLUSTER_ARN',
        'AURORA_DATABASE',
        'AURORA_SECRET_ARN',
        'BEDROCK_REGION',
        'NODE_OPTIONS',
        'POLYGON_PLAN',
        'SQS_MAX_RECEIVE_COUNT',
        'SQS_QUEUE_URL',
      ].sort(),
    );
    expect(planner['ALEX_FUNCTION_REPORTER']).toBe('alex-reporter:live');

    const config = loadConfig(planner);
    expect(config.queue).toEqual({
      kind: 'sqs',
      sqsQueueUrl: planner['SQS_QUEUE_URL'],
      sqsMaxReceiveCount: 3,
    });
    expect(config.agentInvoke).toBe('lambda');
    expect(config.database).toMatchObject({ kind: 'aurora', database: 'alex' });
    expect(config.llm.models.planner).toBe('bedrock:amazon.nova-pro-v1:0');
    expect(config.llm.bedrockRegion).toBe('us-east-1');
    expect(config.market.polygonPlan).toBe('free');

    const reporter = environmentOf('reporter');
    expect(Object.keys(reporter)).toEqual(
      expect.arrayContaining([
        'VECTOR_BUCKET',
        'VECTOR_INDEX',
        'SAGEMAKER_ENDPOINT',
        'ALEX_EMBEDDER',
      ]),
    );
    const reporterConfig = loadConfig(reporter);
    expect(reporterConfig.knowledge).toMatchObject({
      vectorBucket: 'alex-vectors-123456789012',
      vectorIndex: 'financial-research',
      embedder: 'sagemaker:alex-embedding-endpoint',
    });
    expect(reporterConfig.queue.kind).toBe('local');

    for (const agent of ['tagger', 'charter', 'retirement'] as const) {
      const environment = environmentOf(agent);
      expect(
        Object.keys(environment).filter((name) =>
          /QUEUE|FUNCTION|VECTOR|POLYGON|SECRETS_ARN/.test(name),
        ),
        agent,
      ).toEqual([]);
      expect(loadConfig(environment).database.kind, agent).toBe('aurora');
    }
    for (const agent of AGENT_NAMES) {
      expect(
        Object.keys(environmentOf(agent)).filter((name) => /API_KEY|PASSWORD|TOKEN/.test(name)),
      ).toEqual([]);
    }
  });
});

// Values standing in for what Terraform knows only at plan time.
const PLAN_TIME_VALUES: Record<string, string> = {
  'local.aurora_cluster_arn': 'arn:aws:rds:us-east-1:123456789012:cluster:alex-aurora-cluster',
  'local.aurora_secret_arn':
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-1a2b3c4d-AbCdEf',
  'aws_secretsmanager_secret.aurora_app.arn':
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-AbCdEf',
  'aws_secretsmanager_secret.api_keys.arn':
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/api-keys-AbCdEf',
  'aws_sqs_queue.jobs.url': 'https://sqs.us-east-1.amazonaws.com/123456789012/alex-analysis-jobs',
  'local.jobs_max_receive_count': '3',
};
// The example tfvars turn on the optional parts (vector bucket, embedding endpoint).
const EXAMPLE_SETTINGS: Record<string, string> = {
  vector_bucket: 'alex-vectors-123456789012',
  sagemaker_endpoint: 'alex-embedding-endpoint',
};

/**
 * One agent's environment as the module assembles it (local.agent_environment merges parts by
 * the agent's flags), with expressions filled in from variable defaults, the example
 * settings and the stand-ins above.
 */
function environmentOf(agent: AgentName): Record<string, string> {
  const assembly = String(local('agent_environment'));
  const flags = agentTable()[agent];
  const parts = ['common_environment'];
  for (const match of assembly.matchAll(/agent\.(\w+)\s*\?\s*local\.(\w+)\s*:\s*\{\}/g)) {
    if (flags[match[1]!] === true) parts.push(match[2]!);
  }
  expect(assembly).toContain('local.common_environment');

  const environment: Record<string, string> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(environmentPart(part)))
      environment[name] = fill(value);
  }
  return environment;
}

function environmentPart(part: string): Record<string, unknown> {
  const value = local(part);
  if (typeof value !== 'string') return asBody(value, part);
  // knowledge_environment: merge(var.x == "" ? {} : { A = ..., B = ... }, ...); with the
  // example settings every branch is on, so read its NAME = value pairs.
  const pairs = [...value.matchAll(/\b([A-Z][A-Z_]+)\s*=\s*("(?:[^"\\]|\\.)*"|[\w.[\]]+)/g)];
  return Object.fromEntries(
    pairs.map(([, name, text]) => [
      name!,
      text!.startsWith('"') ? text!.slice(1, -1) : `\${${text!}}`,
    ]),
  );
}

function fill(value: unknown): string {
  if (typeof value !== 'string')
    throw new Error(`environment value is not a string: ${JSON.stringify(value)}`);
  return value.replace(/\$\{([^}]+)\}/g, (_whole, expression: string) => {
    const inner = expression.trim();
    const planTime = PLAN_TIME_VALUES[inner];
    if (planTime !== undefined) return planTime;
    const functionName = /^local\.function_names\.(\w+)$/.exec(inner)?.[1];
    if (functionName !== undefined) return `alex-${functionName}`;
    if (inner === 'local.live_alias') return String(local('live_alias'));
    const variable = /^var\.(\w+)$/.exec(inner)?.[1];
    if (variable !== undefined) {
      const setting = EXAMPLE_SETTINGS[variable] ?? variableDefault(variable);
      if (typeof setting !== 'string') throw new Error(`var.${variable} has no string value`);
      return setting;
    }
    throw new Error(`cannot fill ${inner}`);
  });
}
