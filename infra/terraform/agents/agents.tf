# The five functions in one table: what each is for and what it may touch. lambda.tf builds
# the functions and their environment from it, iam.tf their permissions, so adding a right
# to a function is one flag here and it shows up in both places.

locals {
  # The planner waits for the specialists, so it gets Lambda's maximum; a specialist does one
  # model-backed task. The queue's visibility timeout is derived from the planner's (sqs.tf).
  planner_timeout_seconds    = 900
  specialist_timeout_seconds = 300

  agents = {
    planner = {
      description         = "Alex planner: takes an analysis job from SQS, tags, prices, runs the specialists, finalises the job"
      timeout_seconds     = local.planner_timeout_seconds
      consumes_queue      = true
      invokes_specialists = true
      fetches_prices      = true
      searches_knowledge  = false
    }
    tagger = {
      description         = "Alex tagger: classifies instruments whose allocations are missing"
      timeout_seconds     = local.specialist_timeout_seconds
      consumes_queue      = false
      invokes_specialists = false
      fetches_prices      = false
      searches_knowledge  = false
    }
    reporter = {
      description         = "Alex reporter: writes the markdown portfolio analysis, with knowledge search"
      timeout_seconds     = local.specialist_timeout_seconds
      consumes_queue      = false
      invokes_specialists = false
      fetches_prices      = false
      searches_knowledge  = true
    }
    charter = {
      description         = "Alex charter: picks and titles the chart datasets"
      timeout_seconds     = local.specialist_timeout_seconds
      consumes_queue      = false
      invokes_specialists = false
      fetches_prices      = false
      searches_knowledge  = false
    }
    retirement = {
      description         = "Alex retirement: Monte Carlo projection and its narrative"
      timeout_seconds     = local.specialist_timeout_seconds
      consumes_queue      = false
      invokes_specialists = false
      fetches_prices      = false
      searches_knowledge  = false
    }
  }

  function_names = { for name in keys(local.agents) : name => "alex-${name}" }
  specialists    = [for name in keys(local.agents) : name if name != "planner"]

  # Built from names rather than from aws_lambda_function attributes: the planner's policy
  # must exist before the functions are created, and naming them keeps the graph acyclic.
  specialist_function_arns = [
    for name in local.specialists :
    "arn:${local.partition}:lambda:${var.aws_region}:${local.account_id}:function:${local.function_names[name]}"
  ]
}
