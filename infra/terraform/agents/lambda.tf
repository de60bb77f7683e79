# The five functions. Code is the esbuild bundle from `npm run package` (Node 22+, arm64):
# dist/lambda/<agent>.zip with index.mjs exporting `handler`.
#
# Configuration reaches the runtime as the environment variables src/config.ts reads. API
# keys are not among them: ALEX_SECRETS_ARN names the secret, read once at cold start, and
# only the functions that use a key (reads_api_keys in agents.tf) get it.

locals {
  common_environment = {
    ALEX_LOG_LEVEL     = var.log_level
    ALEX_MODEL         = "bedrock:${var.bedrock_model_id}"
    BEDROCK_REGION     = var.bedrock_region
    AURORA_CLUSTER_ARN = local.aurora_cluster_arn
    # The application user (DML only), not the master secret: the functions never run DDL and
    # only check the schema version at cold start.
    AURORA_SECRET_ARN = aws_secretsmanager_secret.aurora_app.arn
    AURORA_DATABASE   = var.aurora_database
    # The bundles ship linked source maps; this makes stack traces in CloudWatch readable.
    NODE_OPTIONS = "--enable-source-maps"
  }

  queue_environment = {
    ALEX_QUEUE    = "sqs"
    SQS_QUEUE_URL = aws_sqs_queue.jobs.url
    # On a message's last delivery the planner fails a job it cannot finish (src/entry/lambda/planner.ts).
    SQS_MAX_RECEIVE_COUNT = local.jobs_max_receive_count
  }

  # The planner calls the specialists as Lambda functions, by their live aliases.
  specialist_environment = {
    ALEX_AGENT_INVOKE        = "lambda"
    ALEX_FUNCTION_REPORTER   = "${local.function_names.reporter}:${local.live_alias}"
    ALEX_FUNCTION_CHARTER    = "${local.function_names.charter}:${local.live_alias}"
    ALEX_FUNCTION_RETIREMENT = "${local.function_names.retirement}:${local.live_alias}"
  }

  prices_environment = {
    POLYGON_PLAN = var.polygon_plan
  }

  # Where the API keys are (Polygon's, for the planner); read once at cold start.
  api_keys_environment = {
    ALEX_SECRETS_ARN = aws_secretsmanager_secret.api_keys.arn
  }

  # Each part only when its resource is configured; without both the reporter falls back to
  # full-text search in the database.
  knowledge_environment = merge(
    var.vector_bucket == "" ? {} : { VECTOR_BUCKET = var.vector_bucket, VECTOR_INDEX = var.vector_index },
    var.sagemaker_endpoint == "" ? {} : {
      SAGEMAKER_ENDPOINT = var.sagemaker_endpoint
      ALEX_EMBEDDER      = "sagemaker:${var.sagemaker_endpoint}"
    },
  )

  agent_environment = {
    for name, agent in local.agents : name => merge(
      local.common_environment,
      agent.consumes_queue ? local.queue_environment : {},
      agent.invokes_specialists ? local.specialist_environment : {},
      agent.fetches_prices ? local.prices_environment : {},
      agent.reads_api_keys ? local.api_keys_environment : {},
      agent.searches_knowledge ? local.knowledge_environment : {},
    )
  }
}

resource "aws_lambda_function" "agent" {
  for_each = local.agents

  function_name = local.function_names[each.key]
  description   = each.value.description
  role          = aws_iam_role.agent[each.key].arn

  runtime       = var.lambda_runtime
  architectures = ["arm64"]
  handler       = "index.handler"
  timeout       = each.value.timeout_seconds
  memory_size   = var.lambda_memory_mb[each.key]

  # Every code change becomes a numbered version; the live alias (below) says which one runs.
  publish = true

  s3_bucket        = aws_s3_bucket.code.id
  s3_key           = aws_s3_object.code[each.key].key
  source_code_hash = fileexists(local.lambda_zip_paths[each.key]) ? filebase64sha256(local.lambda_zip_paths[each.key]) : null

  environment {
    variables = local.agent_environment[each.key]
  }

  # Creating the log group first keeps Lambda from creating an unmanaged one without
  # retention; the permissions must exist before the first invocation (and before the queue
  # trigger is attached).
  depends_on = [
    aws_cloudwatch_log_group.agent,
    aws_iam_role_policy.agent,
  ]
}

# What serves requests: the queue trigger invokes the planner's alias and the planner the
# specialists'. Terraform creates it on the version it first published; from then on the alias
# belongs to `alex deploy` and `alex deploy --rollback` (src/entry/aws/live-alias.ts): deploy
# moves it to the version it publishes and records the one before in the description
# ("previous=<n>"), which rollback reads. Terraform ignores both, so a later apply (which may
# publish a version for a code or configuration change) never moves the alias and never undoes
# a rollback; `alex deploy` is what puts such a version live.
resource "aws_lambda_alias" "live" {
  for_each = local.agents

  name             = local.live_alias
  function_name    = aws_lambda_function.agent[each.key].function_name
  function_version = aws_lambda_function.agent[each.key].version
  description      = "created by Terraform"

  lifecycle {
    ignore_changes = [function_version, description]
  }
}
