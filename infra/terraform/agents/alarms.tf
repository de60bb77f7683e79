# Anything in the dead-letter queue is an analysis that failed three deliveries: a person
# should look (docs/deploy-aws.md, "Troubleshooting"). Notifications go to alarm_actions.

resource "aws_cloudwatch_metric_alarm" "jobs_dlq_not_empty" {
  alarm_name        = "${aws_sqs_queue.jobs_dlq.name}-not-empty"
  alarm_description = "Analysis jobs failed three deliveries and were parked in ${aws_sqs_queue.jobs_dlq.name}."

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

  alarm_actions = var.alarm_actions
  ok_actions    = var.alarm_actions
}
