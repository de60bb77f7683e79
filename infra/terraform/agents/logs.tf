# One log group per function, at the name Lambda writes to, so retention applies from the
# first invocation. Each role may write to its own group only (iam.tf).

resource "aws_cloudwatch_log_group" "agent" {
  for_each = local.agents

  name              = "/aws/lambda/${local.function_names[each.key]}"
  retention_in_days = var.log_retention_days
}
