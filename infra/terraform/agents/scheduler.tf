# The reaper on AWS. Locally a worker process runs it; here no process stays up, so EventBridge
# Scheduler invokes the planner every few minutes with {"alex": "reap"}. The planner then
# returns running jobs whose planner was lost (no heartbeat for 90 s, or past their deadline)
# to the queue, or fails them once their attempts are spent, and sends pending jobs whose
# message was lost again (src/jobs/reaper.ts). Without it such a job would stay `running`.

locals {
  reaper_event = jsonencode({ alex = "reap" })

  # The planner's live alias, by name as the specialist ARNs are (agents.tf): known at plan time,
  # and the reap event runs the same code version as the queue's deliveries, rollbacks included.
  planner_function_arn = "arn:${local.partition}:lambda:${var.aws_region}:${local.account_id}:function:${local.function_names.planner}:${local.live_alias}"
}

data "aws_iam_policy_document" "scheduler_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    # Only schedules of this account may use the role (the confused-deputy guard AWS advises).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# The schedule's own role: it may invoke the planner and nothing else.
resource "aws_iam_role" "reaper_schedule" {
  name               = "${local.function_names.planner}-reaper-schedule"
  description        = "Lets the reaper schedule invoke ${local.function_names.planner}"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume_role.json
}

data "aws_iam_policy_document" "reaper_schedule" {
  statement {
    sid       = "InvokePlanner"
    actions   = ["lambda:InvokeFunction"]
    resources = [local.planner_function_arn]
  }
}

resource "aws_iam_role_policy" "reaper_schedule" {
  name   = "${local.function_names.planner}-reaper-schedule-permissions"
  role   = aws_iam_role.reaper_schedule.id
  policy = data.aws_iam_policy_document.reaper_schedule.json
}

resource "aws_scheduler_schedule" "reaper" {
  name        = "${local.function_names.planner}-reaper"
  description = "Returns or fails analysis jobs whose planner was lost (src/jobs/reaper.ts)"

  # Every 5 minutes by default: a lost planner is noticed within one heartbeat window (90 s)
  # plus one period.
  schedule_expression = var.reaper_schedule_expression

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = local.planner_function_arn
    role_arn = aws_iam_role.reaper_schedule.arn
    input    = local.reaper_event

    # A pass that could not be delivered is not worth repeating late: the next one comes in
    # five minutes and does the same work.
    retry_policy {
      maximum_event_age_in_seconds = 240
      maximum_retry_attempts       = 2
    }
  }

  depends_on = [aws_lambda_function.agent, aws_iam_role_policy.reaper_schedule]
}
