# The job queue between "an analysis was requested" and the planner. A message is
# {"job_id": "<uuid>"}; the job itself lives in the database, so a redelivery is harmless
# (claiming a job that is no longer pending does nothing).

locals {
  jobs_queue_name = "alex-analysis-jobs"

  # AWS advises a visibility timeout of at least six times the consuming function's timeout:
  # Lambda's poller may retry a throttled invoke several times while the message is hidden,
  # and a message must not reappear while a planner is still working on it.
  jobs_visibility_timeout_seconds = 6 * local.planner_timeout_seconds

  # A job that failed three deliveries (timeouts or crashes, not specialist failures, which
  # the planner records on the job itself) is parked for a person to look at.
  jobs_max_receive_count = 3
}

resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "${local.jobs_queue_name}-dlq"
  message_retention_seconds = 1209600 # 14 days, the SQS maximum: time to inspect and redrive
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "jobs" {
  name                       = local.jobs_queue_name
  visibility_timeout_seconds = local.jobs_visibility_timeout_seconds
  message_retention_seconds  = 345600 # 4 days
  receive_wait_time_seconds  = 20     # long polling: fewer empty receives
  sqs_managed_sse_enabled    = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = local.jobs_max_receive_count
  })
}

# Only the job queue may use the DLQ, which also lets the console's "start DLQ redrive"
# move parked messages back.
resource "aws_sqs_queue_redrive_allow_policy" "jobs_dlq" {
  queue_url = aws_sqs_queue.jobs_dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.jobs.arn]
  })
}

resource "aws_lambda_event_source_mapping" "planner_jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  # The alias, so a deploy switches the trigger to new code in one step.
  function_name = aws_lambda_alias.live["planner"].arn

  # One message is one whole analysis of up to 15 minutes; batching would make one slow job
  # hold the others back. Failures are still reported per message, so a handler that fails a
  # job returns it in batchItemFailures instead of throwing.
  batch_size              = 1
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.planner_max_concurrency
  }
}
