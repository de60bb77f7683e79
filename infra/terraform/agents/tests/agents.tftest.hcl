# Plan-and-apply checks of the agent stack against a mocked AWS provider: nothing reaches AWS.
# Run with `terraform test` (see test/infra/terraform-cli.test.ts, which runs it in the suite).
# The data sources that would read the account are overridden with fixed answers. The zips
# only need to exist: `terraform test -var=lambda_package_dir=<folder with five files>`.

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
  # Mocked resources get ARN-shaped identifiers, as the provider checks ARNs it is given.
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
  mock_resource "aws_lambda_function" {
    defaults = { arn = "arn:aws:lambda:us-east-1:123456789012:function:alex-agent", version = "1" }
  }
  mock_resource "aws_lambda_alias" {
    defaults = { arn = "arn:aws:lambda:us-east-1:123456789012:function:alex-agent:live" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/api-keys-abc" }
  }
  # The functions' database user has a secret of its own, told apart from the API keys'.
  override_resource {
    target = aws_secretsmanager_secret.aurora_app
    values = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-xyz" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/alex-agent" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::alex-code" }
  }
  # The HTTP API (api.tf; its own checks are in api.tftest.hcl): the Lambda permission checks
  # the execution ARN it is given.
  mock_resource "aws_apigatewayv2_api" {
    defaults = { execution_arn = "arn:aws:execute-api:us-east-1:123456789012:abc123" }
  }
  # A mocked policy document renders no JSON; the assertions read the statements instead.
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

run "roles_grant_each_function_only_its_own_rights" {
  command = apply

  # The planner invokes the live alias of the three specialists it runs, and never the tagger.
  assert {
    condition = toset(one([
      for statement in data.aws_iam_policy_document.agent["planner"].statement :
      statement.resources if statement.sid == "InvokeSpecialists"
      ])) == toset([
      for name in ["reporter", "charter", "retirement"] :
      "arn:aws:lambda:us-east-1:123456789012:function:alex-${name}:live"
    ])
    error_message = "The planner must invoke exactly the live aliases of alex-reporter, alex-charter and alex-retirement."
  }

  # Only the planner reads the API-key secret (Polygon); every function reads the database secret.
  assert {
    condition = [
      for name in keys(local.agents) : name
      if contains([for statement in data.aws_iam_policy_document.agent[name].statement : statement.sid], "ReadApiKeySecret")
    ] == ["planner"]
    error_message = "Only the planner may read the API-key secret."
  }
  assert {
    condition     = [for name in keys(local.agents) : name if lookup(aws_lambda_function.agent[name].environment[0].variables, "ALEX_SECRETS_ARN", "") != ""] == ["planner"]
    error_message = "Only the planner is told where the API-key secret is."
  }

  # Only the planner consumes the queue, with exactly the three actions the poller needs.
  assert {
    condition = [
      for name in keys(local.agents) : name
      if contains([for statement in data.aws_iam_policy_document.agent[name].statement : statement.sid], "ConsumeJobQueue")
    ] == ["planner"]
    error_message = "Only the planner may consume the job queue."
  }
  assert {
    condition = toset(one([
      for statement in data.aws_iam_policy_document.agent["planner"].statement :
      statement.actions if statement.sid == "ConsumeJobQueue"
    ])) == toset(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"])
    error_message = "The planner's queue rights must be exactly receive, delete, read attributes and defer a failed message's redelivery."
  }

  # The Data API statements the dialect sends, and no batch API.
  assert {
    condition = alltrue([
      for name in keys(local.agents) :
      !contains(flatten([for statement in data.aws_iam_policy_document.agent[name].statement : statement.actions]), "rds-data:BatchExecuteStatement")
    ])
    error_message = "No function may use BatchExecuteStatement (the dialect never sends it)."
  }

  # No wildcard resource anywhere.
  assert {
    condition = alltrue(flatten([
      for name in keys(local.agents) : [
        for statement in data.aws_iam_policy_document.agent[name].statement : [
          for resource in statement.resources : !strcontains(resource, "*") || endswith(resource, ":log-stream:*") || endswith(resource, ":*")
        ]
      ]
    ]))
    error_message = "Every statement names its ARNs (log streams of the function's own group excepted)."
  }
}

run "queue_redelivers_then_parks_failed_jobs" {
  command = apply

  assert {
    condition     = aws_sqs_queue.jobs.visibility_timeout_seconds == 6 * 900
    error_message = "The job queue hides a message for six planner timeouts."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.jobs.redrive_policy).maxReceiveCount == 3
    error_message = "A job is parked in the DLQ after three deliveries."
  }
  assert {
    condition     = aws_lambda_event_source_mapping.planner_jobs.batch_size == 1 && contains(aws_lambda_event_source_mapping.planner_jobs.function_response_types, "ReportBatchItemFailures")
    error_message = "One job per planner invocation, failures reported per message."
  }
  assert {
    condition     = output.sqs_queue_arn == aws_sqs_queue.jobs.arn
    error_message = "The seed's front end reads the queue ARN from sqs_queue_arn."
  }
}

run "alarms_notify_the_topic" {
  command = apply

  variables {
    alarm_email = "ops@example.com"
  }

  assert {
    condition = alltrue(concat(
      [contains(aws_cloudwatch_metric_alarm.jobs_dlq_not_empty.alarm_actions, aws_sns_topic.alarms.arn)],
      [contains(aws_cloudwatch_metric_alarm.jobs_queue_oldest_message.alarm_actions, aws_sns_topic.alarms.arn)],
      [for alarm in aws_cloudwatch_metric_alarm.function : contains(alarm.alarm_actions, aws_sns_topic.alarms.arn)],
    ))
    error_message = "Every alarm notifies the stack's topic."
  }
  assert {
    condition     = toset([for alarm in aws_cloudwatch_metric_alarm.function : "${alarm.dimensions.FunctionName}:${alarm.metric_name}"]) == toset(flatten([for name in keys(local.agents) : ["alex-${name}:Errors", "alex-${name}:Throttles"]]))
    error_message = "Each function has an error alarm and a throttle alarm."
  }
  assert {
    condition     = aws_sns_topic_subscription.alarm_email[0].endpoint == "ops@example.com" && aws_sns_topic_subscription.alarm_email[0].protocol == "email"
    error_message = "alarm_email subscribes that address to the topic."
  }
}

run "no_email_subscription_by_default" {
  command = plan

  assert {
    condition     = length(aws_sns_topic_subscription.alarm_email) == 0
    error_message = "Without alarm_email nothing is subscribed."
  }
}

run "a_model_arn_is_refused" {
  command = plan

  variables {
    bedrock_model_id = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0"
  }

  expect_failures = [var.bedrock_model_id]
}

run "an_unsupported_runtime_is_refused" {
  command = plan

  variables {
    lambda_runtime = "nodejs20.x"
  }

  expect_failures = [var.lambda_runtime]
}

run "an_ambiguous_database_secret_lookup_stops_the_plan" {
  command = plan

  override_data {
    target = data.aws_secretsmanager_secrets.aurora
    values = { arns = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-a", "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-b"] }
  }

  expect_failures = [data.aws_secretsmanager_secrets.aurora]
}

run "the_reaper_schedule_invokes_the_planner_with_a_reap_event" {
  command = apply

  assert {
    condition     = aws_scheduler_schedule.reaper.schedule_expression == "rate(5 minutes)" && aws_scheduler_schedule.reaper.flexible_time_window[0].mode == "OFF"
    error_message = "The reaper runs every 5 minutes, at fixed times."
  }
  assert {
    condition     = aws_scheduler_schedule.reaper.target[0].arn == "arn:aws:lambda:us-east-1:123456789012:function:alex-planner:live"
    error_message = "The reaper schedule invokes the planner function."
  }
  assert {
    condition     = jsondecode(aws_scheduler_schedule.reaper.target[0].input) == { alex = "reap" }
    error_message = "The schedule's input is the reap event the planner recognises: {\"alex\": \"reap\"}."
  }
  assert {
    condition     = aws_scheduler_schedule.reaper.target[0].role_arn == aws_iam_role.reaper_schedule.arn && aws_iam_role_policy.reaper_schedule.role == aws_iam_role.reaper_schedule.id
    error_message = "The schedule uses its own role, which carries the reaper policy."
  }
}

run "the_reaper_schedule_role_may_only_invoke_the_planner" {
  command = apply

  assert {
    condition = (
      length(data.aws_iam_policy_document.reaper_schedule.statement) == 1 &&
      toset(one(data.aws_iam_policy_document.reaper_schedule.statement).actions) == toset(["lambda:InvokeFunction"]) &&
      toset(one(data.aws_iam_policy_document.reaper_schedule.statement).resources) == toset(["arn:aws:lambda:us-east-1:123456789012:function:alex-planner:live"])
    )
    error_message = "The schedule's role has one permission: lambda:InvokeFunction on the planner."
  }
  assert {
    condition = one(flatten([
      for statement in data.aws_iam_policy_document.scheduler_assume_role.statement : [
        for principal in statement.principals : principal.identifiers
      ]
    ])) == "scheduler.amazonaws.com"
    error_message = "Only EventBridge Scheduler may assume the schedule's role."
  }

  # The planner sends the jobs the reaper returns to pending back to the queue, and only there.
  assert {
    condition = [
      for name in keys(local.agents) : name
      if contains(flatten([for statement in data.aws_iam_policy_document.agent[name].statement : statement.actions]), "sqs:SendMessage")
    ] == ["planner"]
    error_message = "Only the planner may send to the job queue."
  }
  assert {
    condition = one([
      for statement in data.aws_iam_policy_document.agent["planner"].statement :
      statement.resources if statement.sid == "RequeueReapedJobs"
    ]) == toset([aws_sqs_queue.jobs.arn])
    error_message = "The planner sends to the job queue only."
  }
  assert {
    condition     = aws_lambda_function.agent["planner"].environment[0].variables["SQS_MAX_RECEIVE_COUNT"] == tostring(jsondecode(aws_sqs_queue.jobs.redrive_policy).maxReceiveCount)
    error_message = "The planner knows the queue's maxReceiveCount, so its last delivery can fail the job."
  }
}

run "a_reaper_schedule_that_is_no_expression_is_refused" {
  command = plan

  variables {
    reaper_schedule_expression = "every 5 minutes"
  }

  expect_failures = [var.reaper_schedule_expression]
}

run "functions_use_the_application_database_user_not_the_master" {
  command = apply

  assert {
    condition = alltrue([
      for name in keys(local.agents) :
      aws_lambda_function.agent[name].environment[0].variables.AURORA_SECRET_ARN == "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-xyz"
    ])
    error_message = "Every function signs in to Aurora with the application user's secret."
  }
  assert {
    condition = alltrue([
      for name in keys(local.agents) :
      toset(one([
        for statement in data.aws_iam_policy_document.agent[name].statement :
        statement.resources if statement.sid == "ReadDatabaseSecret"
      ])) == toset(["arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-xyz"])
    ])
    error_message = "Each role reads the application user's secret, and only that database secret."
  }
  assert {
    condition = alltrue(flatten([
      for name in keys(local.agents) : [
        for statement in data.aws_iam_policy_document.agent[name].statement :
        !contains(statement.resources, "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-abc")
      ]
    ]))
    error_message = "No function may read the master secret."
  }
  assert {
    condition = alltrue([
      for name in keys(local.agents) :
      !contains(values(aws_lambda_function.agent[name].environment[0].variables), "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-abc")
    ])
    error_message = "No function is told where the master secret is."
  }
  assert {
    condition     = output.aurora_master_secret_arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-abc" && output.aurora_app_secret_arn == aws_secretsmanager_secret.aurora_app.arn
    error_message = "The operator's migration finds both secrets in the outputs."
  }
}

run "an_unusual_database_user_name_is_refused" {
  command = plan

  variables {
    aurora_app_username = "Alex-App"
  }

  expect_failures = [var.aurora_app_username]
}

run "requests_reach_each_function_through_its_live_alias" {
  command = apply

  assert {
    condition = alltrue([
      for name in keys(local.agents) :
      aws_lambda_function.agent[name].publish && aws_lambda_alias.live[name].name == "live" && aws_lambda_alias.live[name].function_version == aws_lambda_function.agent[name].version
    ])
    error_message = "Every function publishes versions and has a live alias on the published one."
  }
  assert {
    condition     = aws_lambda_event_source_mapping.planner_jobs.function_name == aws_lambda_alias.live["planner"].arn
    error_message = "The queue trigger invokes the planner's live alias, so a deploy switches it atomically."
  }
  assert {
    condition = [
      for name in ["reporter", "charter", "retirement"] :
      aws_lambda_function.agent["planner"].environment[0].variables["ALEX_FUNCTION_${upper(name)}"]
    ] == ["alex-reporter:live", "alex-charter:live", "alex-retirement:live"]
    error_message = "The planner invokes the specialists' live aliases."
  }
}

# Terraform publishes a version whenever code or configuration changes (here forced by
# replacing the planner, which the mock then gives version 2). The alias stays where it was:
# after the first apply it belongs to `alex deploy` and its rollback, and an apply must not
# undo a rollback by moving it forward.
run "a_later_apply_leaves_the_live_alias_where_deploy_or_rollback_put_it" {
  command = apply

  plan_options {
    replace = [aws_lambda_function.agent["planner"]]
  }
  override_resource {
    target = aws_lambda_function.agent
    values = { arn = "arn:aws:lambda:us-east-1:123456789012:function:alex-agent", version = "2" }
  }

  assert {
    condition     = aws_lambda_function.agent["planner"].version == "2"
    error_message = "The apply published planner version 2 (got ${aws_lambda_function.agent["planner"].version})."
  }
  assert {
    condition     = aws_lambda_alias.live["planner"].function_version == "1"
    error_message = "The planner's live alias moved to ${aws_lambda_alias.live["planner"].function_version}: Terraform must leave it to alex deploy."
  }
}
