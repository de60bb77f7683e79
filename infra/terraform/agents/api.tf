# The HTTP API (`alex serve`'s routes) as a Lambda function behind an API Gateway HTTP API:
# src/entry/lambda/api.ts, dist/lambda/api.zip. It reads and writes the caller's rows through
# the Data API as the application user and sends each new analysis to the job queue, where the
# planner takes it; it runs no agent and calls no model, so its role has no Bedrock, no Lambda
# invoke and no S3.
#
# Responses pass through API Gateway whole (it buffers them, and gives up after 30 s), so the
# job event stream answers the events so far and asks the client to come back (SSE retry);
# see docs/deploy-aws.md.

locals {
  api_function_name = "alex-api"
  api_zip_path      = "${local.lambda_package_dir}/api.zip"
  api_code_key      = "lambda/api.zip"
  api_token_auth    = var.api_auth == "token"

  # A cold start may wait up to 60 s for an auto-paused Aurora to resume. API Gateway stops
  # waiting after 30 s, but letting the function finish its start leaves a warm container for
  # the client's retry instead of a second cold start that times out the same way.
  api_timeout_seconds             = 70
  api_integration_timeout_seconds = 30

  api_environment = merge(
    {
      ALEX_LOG_LEVEL     = var.log_level
      AURORA_CLUSTER_ARN = local.aurora_cluster_arn
      AURORA_SECRET_ARN  = aws_secretsmanager_secret.aurora_app.arn
      AURORA_DATABASE    = var.aurora_database
      NODE_OPTIONS       = "--enable-source-maps"
      ALEX_QUEUE         = "sqs"
      SQS_QUEUE_URL      = aws_sqs_queue.jobs.url
      ALEX_AUTH          = var.api_auth
      # CORS is answered by API Gateway (cors_configuration below), which also replaces any
      # CORS headers the function would send, so the app's own ALEX_CORS_ORIGINS stays unset.
    },
    # The token is in a secret read at cold start, never in a variable, the plan or the state.
    local.api_token_auth ? { ALEX_SECRETS_ARN = aws_secretsmanager_secret.api_token[0].arn } : {},
    local.api_token_auth ? {} : {
      ALEX_JWT_JWKS_URL = var.api_jwt_jwks_url
      ALEX_JWT_ISSUER   = var.api_jwt_issuer
      ALEX_JWT_AUDIENCE = var.api_jwt_audience
    },
  )

  # Rendered here with jsonencode rather than an aws_iam_policy_document, so the policy the role
  # gets is the one `terraform test` reads (tests/api.tftest.hcl).
  api_policy_statements = concat(
    [
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.api.arn}:*"]
      },
      {
        # The statements the Data API dialect sends; no batch API.
        Sid    = "UseDatabaseThroughDataApi"
        Effect = "Allow"
        Action = [
          "rds-data:ExecuteStatement",
          "rds-data:BeginTransaction",
          "rds-data:CommitTransaction",
          "rds-data:RollbackTransaction",
        ]
        Resource = [local.aurora_cluster_arn]
      },
      {
        Sid      = "ReadDatabaseSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [aws_secretsmanager_secret.aurora_app.arn]
      },
      {
        # POST /api/analyze: the job row is written, then its id is sent to the planner's queue.
        Sid      = "SubmitJobs"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [aws_sqs_queue.jobs.arn]
      },
    ],
    [
      for secret in aws_secretsmanager_secret.api_token : {
        Sid      = "ReadApiTokenSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [secret.arn]
      }
    ],
  )
}

# --- The token (api_auth = "token") --------------------------------------------------------
#
# Created empty, like the API-key secret: the operator puts {"ALEX_API_TOKEN": "<token>"} in it
# with the AWS CLI (docs/deploy-aws.md), so the token is never in a .tf file, the plan, the
# state or an output. Until then the API answers 503 saying so.
resource "aws_secretsmanager_secret" "api_token" {
  count = local.api_token_auth ? 1 : 0

  name                    = "alex/agents/api-token"
  description             = "Bearer token of the Alex HTTP API (ALEX_AUTH=token) as {\"ALEX_API_TOKEN\": \"...\"}, at least 16 characters"
  recovery_window_in_days = var.api_keys_secret_recovery_days
}

# --- The function ---------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/${local.api_function_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "api" {
  name               = "${local.api_function_name}-lambda"
  description        = "Execution role of ${local.api_function_name}"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
}

resource "aws_iam_role_policy" "api" {
  name   = "${local.api_function_name}-permissions"
  role   = aws_iam_role.api.id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.api_policy_statements })
}

resource "aws_s3_object" "api_code" {
  bucket      = aws_s3_bucket.code.id
  key         = local.api_code_key
  source      = local.api_zip_path
  source_hash = fileexists(local.api_zip_path) ? filemd5(local.api_zip_path) : null

  lifecycle {
    precondition {
      condition     = fileexists(local.api_zip_path)
      error_message = "${local.api_zip_path} does not exist: run `npm run package` in the repository root first."
    }
  }

  depends_on = [
    aws_s3_bucket_versioning.code,
    aws_s3_bucket_server_side_encryption_configuration.code,
  ]
}

resource "aws_lambda_function" "api" {
  function_name = local.api_function_name
  description   = "Alex HTTP API: the alex serve routes behind API Gateway; submits analyses to the job queue"
  role          = aws_iam_role.api.arn

  runtime       = var.lambda_runtime
  architectures = ["arm64"]
  handler       = "index.handler"
  timeout       = local.api_timeout_seconds
  memory_size   = var.api_memory_mb
  publish       = true

  s3_bucket        = aws_s3_bucket.code.id
  s3_key           = aws_s3_object.api_code.key
  source_code_hash = fileexists(local.api_zip_path) ? filebase64sha256(local.api_zip_path) : null

  environment {
    variables = local.api_environment
  }

  lifecycle {
    precondition {
      condition     = local.api_token_auth || (var.api_jwt_jwks_url != "" && var.api_jwt_issuer != "" && var.api_jwt_audience != "")
      error_message = "api_auth = \"jwt\" needs api_jwt_jwks_url, api_jwt_issuer and api_jwt_audience."
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.api,
    aws_iam_role_policy.api,
  ]
}

# Requests reach the API through its live alias, as the agents' (lambda.tf), so `alex deploy`
# switches it with the others and `alex deploy --rollback` moves it back.
resource "aws_lambda_alias" "api_live" {
  name             = local.live_alias
  function_name    = aws_lambda_function.api.function_name
  function_version = aws_lambda_function.api.version
  description      = "created by Terraform"

  # As for the agents' aliases (lambda.tf): after creation the alias belongs to alex deploy and
  # its rollback, so a later apply does not undo a rollback.
  lifecycle {
    ignore_changes = [function_version, description]
  }
}

# --- API Gateway ----------------------------------------------------------------------------

resource "aws_apigatewayv2_api" "http" {
  name          = "alex-api"
  description   = "Alex HTTP API (src/entry/http), served by ${local.api_function_name}"
  protocol_type = "HTTP"

  # Preflights are answered here, without invoking the function.
  dynamic "cors_configuration" {
    for_each = length(var.api_cors_origins) > 0 ? [var.api_cors_origins] : []

    content {
      allow_origins  = cors_configuration.value
      allow_methods  = ["GET", "POST", "PUT", "DELETE", "OPTIONS"]
      allow_headers  = ["authorization", "content-type", "last-event-id"]
      expose_headers = ["retry-after", "content-disposition"]
      max_age        = 600
    }
  }
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_alias.api_live.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = local.api_integration_timeout_seconds * 1000
}

# Every method and path goes to the function; Hono routes them and answers 404 itself.
resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  # A ceiling for the whole API (the app limits analyses per user on its own): a flood is
  # answered 429 by API Gateway before it reaches Lambda or the database.
  default_route_settings {
    throttling_rate_limit  = var.api_throttling_rate_limit
    throttling_burst_limit = var.api_throttling_burst_limit
  }
}

# API Gateway may invoke the live alias, from this API only.
resource "aws_lambda_permission" "api_gateway" {
  statement_id  = "AllowInvokeFromAlexHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  qualifier     = aws_lambda_alias.api_live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*"
}

# --- Alarms (alarms.tf's topic) --------------------------------------------------------------

# The function's errors and throttles, as for every agent.
resource "aws_cloudwatch_metric_alarm" "api_function" {
  for_each = local.function_alarm_metrics

  alarm_name        = "${local.api_function_name}-${each.key}"
  alarm_description = "${local.api_function_name} ${each.value.description}"

  namespace   = "AWS/Lambda"
  metric_name = each.value.metric
  dimensions = {
    FunctionName = aws_lambda_function.api.function_name
  }

  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
}

# 5xx answers: a failed cold start (a misconfiguration, such as a token secret left empty, is
# answered 503 by the function and is no Lambda error), an internal error, or API Gateway
# giving up on a slow start.
resource "aws_cloudwatch_metric_alarm" "api_server_errors" {
  alarm_name        = "alex-api-5xx"
  alarm_description = "The HTTP API answered 5xx; the problem document's detail and ${aws_cloudwatch_log_group.api.name} say why (docs/deploy-aws.md, section 11)."

  namespace   = "AWS/ApiGateway"
  metric_name = "5xx"
  dimensions = {
    ApiId = aws_apigatewayv2_api.http.id
    Stage = aws_apigatewayv2_stage.default.name
  }

  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
}

# --- Outputs ----------------------------------------------------------------------------------

output "api_url" {
  description = "Base URL of the HTTP API, e.g. curl $(terraform output -raw api_url)/health."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "api_function_name" {
  description = "The API's Lambda function; `alex deploy` updates it with the agents."
  value       = aws_lambda_function.api.function_name
}

output "api_code_object_key" {
  description = "Key of the API's zip in the code bucket."
  value       = local.api_code_key
}

output "api_token_secret_arn" {
  description = "api_auth = \"token\": the secret to put {\"ALEX_API_TOKEN\": \"...\"} in; null with jwt."
  value       = one(aws_secretsmanager_secret.api_token[*].arn)
}
