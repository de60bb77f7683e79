# The HTTP API's part of the stack (api.tf) against a mocked AWS provider: its role's rendered
# policy, the API Gateway integration, route and stage, the auth settings and the outputs.
# Run with `terraform test` (test/infra/terraform-cli.test.ts runs it in the suite).

mock_provider "aws" {
  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "123456789012" }
  }
  override_data {
    target = data.aws_partition.current
    values = { partition = "aws" }
  }
  override_data {
    target = data.aws_rds_cluster.aurora
    values = { arn = "arn:aws:rds:us-east-1:123456789012:cluster:alex-aurora-cluster" }
  }
  override_data {
    target = data.aws_secretsmanager_secrets.aurora
    values = { arns = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-abc"] }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:us-east-1:123456789012:alex-alarms" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/alex-agent-lambda" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:us-east-1:123456789012:alex-analysis-jobs"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/alex-analysis-jobs"
    }
  }
  # The dead-letter queue must not be mistaken for the job queue in the assertions.
  override_resource {
    target = aws_sqs_queue.jobs_dlq
    values = {
      arn = "arn:aws:sqs:us-east-1:123456789012:alex-analysis-jobs-dlq"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/alex-analysis-jobs-dlq"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = { arn = "arn:aws:lambda:us-east-1:123456789012:function:alex-agent", version = "1" }
  }
  mock_resource "aws_lambda_alias" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:123456789012:function:alex-agent:live"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:alex-agent:live/invocations"
    }
  }
  override_resource {
    target = aws_lambda_alias.api_live
    values = {
      arn        = "arn:aws:lambda:us-east-1:123456789012:function:alex-api:live"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:alex-api:live/invocations"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/api-keys-abc" }
  }
  override_resource {
    target = aws_secretsmanager_secret.aurora_app
    values = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-xyz" }
  }
  override_resource {
    target = aws_secretsmanager_secret.api_token
    values = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/api-token-tok" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/alex-agent" }
  }
  override_resource {
    target = aws_cloudwatch_log_group.api
    values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/alex-api" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::alex-code" }
  }
  mock_resource "aws_apigatewayv2_api" {
    defaults = {
      execution_arn = "arn:aws:execute-api:us-east-1:123456789012:abc123"
      api_endpoint  = "https://abc123.execute-api.us-east-1.amazonaws.com"
    }
  }
  mock_resource "aws_apigatewayv2_stage" {
    defaults = { invoke_url = "https://abc123.execute-api.us-east-1.amazonaws.com/" }
  }
  override_data {
    target = data.aws_iam_policy_document.agent
    values = { json = "{}" }
  }
  override_data {
    target = data.aws_iam_policy_document.lambda_assume_role
    values = { json = "{}" }
  }
  override_data {
    target = data.aws_iam_policy_document.code_bucket
    values = { json = "{}" }
  }
  override_data {
    target = data.aws_iam_policy_document.scheduler_assume_role
    values = { json = "{}" }
  }
  override_data {
    target = data.aws_iam_policy_document.reaper_schedule
    values = { json = "{}" }
  }
}

mock_provider "aws" {
  alias = "bedrock"
}

variables {
  bedrock_model_id = "amazon.nova-pro-v1:0"
}

run "the_api_role_sends_only_to_the_job_queue_and_never_calls_a_model" {
  command = apply

  assert {
    condition = toset([for statement in jsondecode(aws_iam_role_policy.api.policy).Statement : statement.Sid]) == toset([
      "WriteOwnLogs", "UseDatabaseThroughDataApi", "ReadDatabaseSecret", "SubmitJobs", "ReadApiTokenSecret",
    ])
    error_message = "The API's role has logs, the Data API, its database secret, sending jobs and (token auth) the token secret, nothing else."
  }
  assert {
    condition = [
      for statement in jsondecode(aws_iam_role_policy.api.policy).Statement : statement
      if length([for action in statement.Action : action if startswith(action, "sqs:")]) > 0
      ] == [{
        Sid      = "SubmitJobs"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = ["arn:aws:sqs:us-east-1:123456789012:alex-analysis-jobs"]
    }]
    error_message = "The API's only queue right is sqs:SendMessage, on the job queue only."
  }
  assert {
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_role_policy.api.policy).Statement : [
        for action in statement.Action : !anytrue([
          for service in ["bedrock:", "lambda:", "s3:", "s3vectors:", "sagemaker:"] : startswith(action, service)
        ])
      ]
    ]))
    error_message = "The API's role has no Bedrock, Lambda invoke, S3 or knowledge-store right."
  }
  assert {
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_role_policy.api.policy).Statement : [
        for resource in statement.Resource : !strcontains(resource, "*") || resource == "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/alex-api:*"
      ]
    ]))
    error_message = "Every statement names its ARNs (the streams of the API's own log group excepted)."
  }
  assert {
    condition = toset(flatten([
      for statement in jsondecode(aws_iam_role_policy.api.policy).Statement : statement.Resource
      if contains(statement.Action, "secretsmanager:GetSecretValue")
      ])) == toset([
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-xyz",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/api-token-tok",
    ])
    error_message = "The API reads the application user's secret and the token secret: not the master secret, not the API keys."
  }
  assert {
    condition = (
      aws_lambda_function.api.environment[0].variables.ALEX_AUTH == "token" &&
      aws_lambda_function.api.environment[0].variables.ALEX_SECRETS_ARN == aws_secretsmanager_secret.api_token[0].arn &&
      !contains(keys(aws_lambda_function.api.environment[0].variables), "ALEX_API_TOKEN") &&
      aws_lambda_function.api.environment[0].variables.ALEX_QUEUE == "sqs" &&
      aws_lambda_function.api.environment[0].variables.SQS_QUEUE_URL == aws_sqs_queue.jobs.url &&
      aws_lambda_function.api.environment[0].variables.AURORA_SECRET_ARN == aws_secretsmanager_secret.aurora_app.arn &&
      !contains(keys(aws_lambda_function.api.environment[0].variables), "ALEX_MODEL")
    )
    error_message = "Token auth reads the token from its secret (never a plain variable); jobs go to the job queue; the database is the application user's; no model is configured."
  }
}

run "api_gateway_proxies_every_request_to_the_live_alias" {
  command = apply

  assert {
    condition = (
      aws_apigatewayv2_api.http.protocol_type == "HTTP" &&
      aws_apigatewayv2_integration.api.integration_type == "AWS_PROXY" &&
      aws_apigatewayv2_integration.api.payload_format_version == "2.0" &&
      aws_apigatewayv2_integration.api.integration_uri == aws_lambda_alias.api_live.invoke_arn &&
      aws_apigatewayv2_integration.api.timeout_milliseconds == 30000
    )
    error_message = "An HTTP API with a Lambda proxy integration in payload format 2.0 (the handler refuses 1.0) on the live alias."
  }
  assert {
    condition     = aws_apigatewayv2_route.default.route_key == "$default" && aws_apigatewayv2_route.default.target == "integrations/${aws_apigatewayv2_integration.api.id}"
    error_message = "One $default route sends every method and path to the function."
  }
  assert {
    condition = (
      aws_apigatewayv2_stage.default.name == "$default" && aws_apigatewayv2_stage.default.auto_deploy &&
      aws_apigatewayv2_stage.default.default_route_settings[0].throttling_rate_limit == 20 &&
      aws_apigatewayv2_stage.default.default_route_settings[0].throttling_burst_limit == 40
    )
    error_message = "The $default stage deploys itself and throttles the API."
  }
  assert {
    condition = (
      aws_lambda_permission.api_gateway.principal == "apigateway.amazonaws.com" &&
      aws_lambda_permission.api_gateway.action == "lambda:InvokeFunction" &&
      aws_lambda_permission.api_gateway.qualifier == "live" &&
      aws_lambda_permission.api_gateway.source_arn == "arn:aws:execute-api:us-east-1:123456789012:abc123/*"
    )
    error_message = "API Gateway may invoke the live alias, from this API only."
  }
  assert {
    condition     = aws_lambda_function.api.publish && aws_lambda_alias.api_live.name == "live" && aws_lambda_alias.api_live.function_version == aws_lambda_function.api.version
    error_message = "The API publishes versions and serves through its live alias, as the agents do."
  }
  assert {
    condition     = length(aws_apigatewayv2_api.http.cors_configuration) == 0
    error_message = "No browser origin is allowed unless api_cors_origins names it."
  }
  assert {
    condition = (
      output.api_url == "https://abc123.execute-api.us-east-1.amazonaws.com/" &&
      output.sqs_queue_arn == "arn:aws:sqs:us-east-1:123456789012:alex-analysis-jobs" &&
      output.api_token_secret_arn == aws_secretsmanager_secret.api_token[0].arn &&
      output.api_function_name == aws_lambda_function.api.function_name &&
      output.api_code_object_key == "lambda/api.zip"
    )
    error_message = "The outputs give the API's URL, the job queue's ARN (the seed's front end), the token secret and what `alex deploy` updates."
  }
}

run "the_api_alarms_notify_the_topic" {
  command = apply

  assert {
    condition = (
      toset([for alarm in aws_cloudwatch_metric_alarm.api_function : "${alarm.dimensions.FunctionName}:${alarm.metric_name}"]) == toset(["alex-api:Errors", "alex-api:Throttles"]) &&
      aws_cloudwatch_metric_alarm.api_server_errors.namespace == "AWS/ApiGateway" &&
      aws_cloudwatch_metric_alarm.api_server_errors.metric_name == "5xx" &&
      aws_cloudwatch_metric_alarm.api_server_errors.dimensions.ApiId == aws_apigatewayv2_api.http.id
    )
    error_message = "The API function has error and throttle alarms, and the API one on 5xx answers."
  }
  assert {
    condition = alltrue(concat(
      [for alarm in aws_cloudwatch_metric_alarm.api_function : contains(alarm.alarm_actions, aws_sns_topic.alarms.arn)],
      [contains(aws_cloudwatch_metric_alarm.api_server_errors.alarm_actions, aws_sns_topic.alarms.arn)],
    ))
    error_message = "The API's alarms notify the stack's topic."
  }
}

run "jwt_auth_reads_no_secret_and_cors_allows_the_named_origins" {
  command = apply

  variables {
    api_auth         = "jwt"
    api_jwt_jwks_url = "https://example.clerk.accounts.dev/.well-known/jwks.json"
    api_jwt_issuer   = "https://example.clerk.accounts.dev"
    api_jwt_audience = "alex"
    api_cors_origins = ["https://app.example.com"]
  }

  assert {
    condition     = length(aws_secretsmanager_secret.api_token) == 0 && output.api_token_secret_arn == null
    error_message = "JWT auth creates no token secret."
  }
  assert {
    condition = toset(flatten([
      for statement in jsondecode(aws_iam_role_policy.api.policy).Statement : statement.Resource
      if contains(statement.Action, "secretsmanager:GetSecretValue")
    ])) == toset(["arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-xyz"])
    error_message = "With JWT auth the API reads only its database secret."
  }
  assert {
    condition = (
      aws_lambda_function.api.environment[0].variables.ALEX_AUTH == "jwt" &&
      aws_lambda_function.api.environment[0].variables.ALEX_JWT_JWKS_URL == "https://example.clerk.accounts.dev/.well-known/jwks.json" &&
      aws_lambda_function.api.environment[0].variables.ALEX_JWT_ISSUER == "https://example.clerk.accounts.dev" &&
      aws_lambda_function.api.environment[0].variables.ALEX_JWT_AUDIENCE == "alex" &&
      !contains(keys(aws_lambda_function.api.environment[0].variables), "ALEX_SECRETS_ARN")
    )
    error_message = "JWT auth is configured from the api_jwt_* variables."
  }
  assert {
    condition = (
      aws_apigatewayv2_api.http.cors_configuration[0].allow_origins == toset(["https://app.example.com"]) &&
      toset(aws_apigatewayv2_api.http.cors_configuration[0].allow_headers) == toset(["authorization", "content-type", "last-event-id"])
    )
    error_message = "API Gateway answers preflights for the named origins, allowing the headers the API reads."
  }
}

run "local_auth_is_refused" {
  command = plan

  variables {
    api_auth = "local"
  }

  expect_failures = [var.api_auth]
}

run "jwt_auth_without_its_settings_is_refused" {
  command = plan

  variables {
    api_auth = "jwt"
  }

  expect_failures = [aws_lambda_function.api]
}

run "a_cors_origin_with_a_path_or_wildcard_is_refused" {
  command = plan

  variables {
    api_cors_origins = ["https://app.example.com/*"]
  }

  expect_failures = [var.api_cors_origins]
}
