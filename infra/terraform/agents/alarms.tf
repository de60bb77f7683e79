# Every alarm notifies the stack's SNS topic (an e-mail subscription when alarm_email is set)
# and any ARNs in alarm_actions. What each alarm means and what to do: docs/deploy-aws.md,
# "Troubleshooting".

resource "aws_sns_topic" "alarms" {
  name = "alex-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  alarm_actions = concat([aws_sns_topic.alarms.arn], var.alarm_actions)

  # A job waits for a free planner, and a planner may run up to its timeout; a message older
  # than two planner timeouts means the queue is not being drained (throttled, disabled
  # trigger, or failing planners).
  jobs_queue_age_alarm_seconds = 2 * local.planner_timeout_seconds
}

# Anything in the dead-letter queue is an analysis that failed every delivery: a person
# should look.
resource "aws_cloudwatch_metric_alarm" "jobs_dlq_not_empty" {
  alarm_name        = "${aws_sqs_queue.jobs_dlq.name}-not-empty"
  alarm_description = "Analysis jobs failed ${local.jobs_max_receive_count} deliveries and were parked in ${aws_sqs_queue.jobs_dlq.name}."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.jobs_dlq.name
  }

  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  # SQS stops reporting metrics for an idle queue; an idle DLQ is the good case.
  treat_missing_data = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "jobs_queue_oldest_message" {
  alarm_name        = "${aws_sqs_queue.jobs.name}-not-drained"
  alarm_description = "The oldest analysis job in ${aws_sqs_queue.jobs.name} has waited over ${local.jobs_queue_age_alarm_seconds} s: planners are not taking jobs."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateAgeOfOldestMessage"
  dimensions = {
    QueueName = aws_sqs_queue.jobs.name
  }

  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = local.jobs_queue_age_alarm_seconds
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
}

# Per function: an error is an invocation that threw or timed out (a handled job failure is
# not one: the planner records it on the job); a throttle means the account's concurrency ran out.
locals {
  function_alarm_metrics = {
    errors = {
      metric      = "Errors"
      description = "failed invocations (errors or timeouts); see its log group."
    }
    throttles = {
      metric      = "Throttles"
      description = "was throttled: the account's Lambda concurrency is exhausted (see planner_max_concurrency in docs/deploy-aws.md)."
    }
  }
  function_alarms = {
    for pair in setproduct(keys(local.agents), keys(local.function_alarm_metrics)) :
    "${pair[0]}-${pair[1]}" => { agent = pair[0], kind = pair[1] }
  }
}

resource "aws_cloudwatch_metric_alarm" "function" {
  for_each = local.function_alarms

  alarm_name        = "${local.function_names[each.value.agent]}-${each.value.kind}"
  alarm_description = "${local.function_names[each.value.agent]} ${local.function_alarm_metrics[each.value.kind].description}"

  namespace   = "AWS/Lambda"
  metric_name = local.function_alarm_metrics[each.value.kind].metric
  dimensions = {
    FunctionName = aws_lambda_function.agent[each.value.agent].function_name
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
