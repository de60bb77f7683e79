# The five functions in one table: what each is for and what it may touch
# (invoked_by_planner: the planner calls it as a Lambda function during a job; reads_api_keys:
# it uses a key from the API-key secret, which only the planner does, for Polygon prices, as
# the models are Bedrock's and authorised by IAM). lambda.tf builds
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
      invoked_by_planner  = false
      reads_api_keys      = true
    }
    tagger = {
      description         = "Alex tagger: classifies instruments whose allocations are missing"
      timeout_seconds     = local.specialist_timeout_seconds
      consumes_queue      = false
      invokes_specialists = false
      fetches_prices      = false
      searches_knowledge  = false
      invoked_by_planner  = false
      reads_api_keys      = false
    }
    reporter = {
      description         = "Alex reporter: writes the markdown portfolio analysis, with knowledge search"
      timeout_seconds     = local.specialist_timeout_seconds
      consumes_queue      = false
      invokes_specialists = false
      fetches_prices      = false
      searches_knowledge  = true
      invoked_by_planner  = true
      reads_api_keys      = false
    }
    charter = {
      description         = "Alex charter: picks and titles the chart datasets"
      timeout_seconds     = local.specialist_timeout_seconds
      consumes_queue      = false
      invokes_specialists = false
      fetches_prices      = false
      searches_knowledge  = false
      invoked_by_planner  = true
      reads_api_keys      = false
    }
    retirement = {
      description         = "Alex retirement: Monte Carlo projection and its narrative"
      timeout_seconds     = local.specialist_timeout_seconds
      consumes_queue      = false
      invokes_specialists = false
      fetches_prices      = false
      searches_knowledge  = false
      invoked_by_planner  = true
      reads_api_keys      = false
    }
  }

  function_names = { for name in keys(local.agents) : name => "alex-${name}" }
  # The functions the planner invokes. It tags instruments in its own process, so the tagger
  # function (the seed's standalone tagger) is not among them.
  specialists = [for name, agent in local.agents : name if agent.invoked_by_planner]


  # Requests reach every function through this alias (lambda.tf), which `alex deploy` moves
  # to a newly published version and `alex deploy --rollback` moves back.
  live_alias = "live"

  # Built from names rather than from aws_lambda_function attributes: the planner's policy
  # must exist before the functions are created, and naming them keeps the graph acyclic.
  # The planner invokes the specialists' live aliases only, so the ARNs are qualified.
  specialist_function_arns = [
    for name in local.specialists :
    "arn:${local.partition}:lambda:${var.aws_region}:${local.account_id}:function:${local.function_names[name]}:${local.live_alias}"
  ]
}
