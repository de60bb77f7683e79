# One role per function, one inline policy per role, every statement on named ARNs.
#
# All five functions: write their own log group, invoke the configured Bedrock model, use the
# database through the Data API (the statements the dialect sends: no batch API), and read the
# application user's database secret (DML only; the master secret is the operator's). Database access is given to the
# specialists too because, as in the seed, a specialist invoked for a job records its own run
# and result (the tagger its instruments); knowledge search without S3 Vectors is also a
# database query. On top of that, from the table in agents.tf:
#   planner  - consume the job queue and send to it (the scheduled reaper requeues jobs);
#              invoke the live alias of the three specialists it runs; read the API-key
#              secret (Polygon)
#   reporter - query the S3 Vectors index and embed queries on the SageMaker endpoint
# No specialist may invoke a function, touch the queue, or reach the knowledge stores unless
# its row says so.

data "aws_iam_policy_document" "lambda_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "agent" {
  for_each = local.agents

  name               = "${local.function_names[each.key]}-lambda"
  description        = "Execution role of ${local.function_names[each.key]}"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
}

locals {
  vector_index_arn = "arn:${local.partition}:s3vectors:${var.aws_region}:${local.account_id}:bucket/${var.vector_bucket}/index/${var.vector_index}"
  # SageMaker stores endpoint names in lower case in the ARN.
  sagemaker_endpoint_arn = "arn:${local.partition}:sagemaker:${var.aws_region}:${local.account_id}:endpoint/${lower(var.sagemaker_endpoint)}"
}

data "aws_iam_policy_document" "agent" {
  for_each = local.agents

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.agent[each.key].arn}:*"]
  }

  statement {
    sid       = "InvokeConfiguredModel"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = local.bedrock_model_arns
  }

  statement {
    sid = "UseDatabaseThroughDataApi"
    actions = [
      "rds-data:ExecuteStatement",
      "rds-data:BeginTransaction",
      "rds-data:CommitTransaction",
      "rds-data:RollbackTransaction",
    ]
    resources = [local.aurora_cluster_arn]
  }

  # The application user's secret, never the master one (secrets.tf).
  statement {
    sid       = "ReadDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.aurora_app.arn]
  }

  dynamic "statement" {
    for_each = each.value.reads_api_keys ? [aws_secretsmanager_secret.api_keys.arn] : []

    content {
      sid       = "ReadApiKeySecret"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = each.value.consumes_queue ? [aws_sqs_queue.jobs.arn] : []

    content {
      sid = "ConsumeJobQueue"
      actions = [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        # A failed record is redelivered after a backoff instead of the 90-minute visibility
        # timeout (src/entry/lambda/redelivery.ts).
        "sqs:ChangeMessageVisibility",
      ]
      resources = [statement.value]
    }
  }

  # The scheduled reaper (scheduler.tf) sends the jobs it returns to pending back to the queue.
  dynamic "statement" {
    for_each = each.value.consumes_queue ? [aws_sqs_queue.jobs.arn] : []

    content {
      sid       = "RequeueReapedJobs"
      actions   = ["sqs:SendMessage"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = each.value.invokes_specialists ? [local.specialist_function_arns] : []

    content {
      sid       = "InvokeSpecialists"
      actions   = ["lambda:InvokeFunction"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = each.value.searches_knowledge && var.vector_bucket != "" ? [local.vector_index_arn] : []

    content {
      sid = "QueryKnowledgeVectors"
      # GetVectors too: QueryVectors needs it to return metadata or apply a filter.
      actions   = ["s3vectors:QueryVectors", "s3vectors:GetVectors"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = each.value.searches_knowledge && var.sagemaker_endpoint != "" ? [local.sagemaker_endpoint_arn] : []

    content {
      sid       = "EmbedSearchQueries"
      actions   = ["sagemaker:InvokeEndpoint"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "agent" {
  for_each = local.agents

  name   = "${local.function_names[each.key]}-permissions"
  role   = aws_iam_role.agent[each.key].id
  policy = data.aws_iam_policy_document.agent[each.key].json
}
