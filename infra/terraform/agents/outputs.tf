# Read by `npx alex deploy` and `npx alex aws ...` (terraform output -json). No output holds a
# secret value: the API-key secret appears by ARN only.

output "lambda_functions" {
  description = "Function name of each agent."
  value       = { for name, function in aws_lambda_function.agent : name => function.function_name }
}

output "sqs_queue_url" {
  description = "URL of the analysis job queue."
  value       = aws_sqs_queue.jobs.url
}

output "sqs_queue_arn" {
  description = "ARN of the analysis job queue (the seed's front-end stack reads it to send jobs)."
  value       = aws_sqs_queue.jobs.arn
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies; subscribe to it (or set alarm_email)."
  value       = aws_sns_topic.alarms.arn
}

output "sqs_dlq_url" {
  description = "URL of the dead-letter queue for jobs that failed three deliveries."
  value       = aws_sqs_queue.jobs_dlq.url
}

output "code_bucket" {
  description = "Bucket holding the functions' zips."
  value       = aws_s3_bucket.code.id
}

output "code_object_keys" {
  description = "Key of each agent's zip in the code bucket."
  value       = local.lambda_code_keys
}

output "api_keys_secret_arn" {
  description = "Secret to put the API keys in (JSON object); see docs/deploy-aws.md."
  value       = aws_secretsmanager_secret.api_keys.arn
}

output "aws_region" {
  description = "Region of the functions and the queue."
  value       = var.aws_region
}

output "reaper_schedule_name" {
  description = "EventBridge Scheduler schedule that runs the reaper (invokes the planner with {\"alex\": \"reap\"})."
  value       = aws_scheduler_schedule.reaper.name
}

# Read by `alex aws migrate` and `alex deploy` to migrate the database and create the
# functions' database user. ARNs only, no secret value.
output "aurora_cluster_arn" {
  description = "Aurora cluster the functions use through the Data API."
  value       = local.aurora_cluster_arn
}

output "aurora_master_secret_arn" {
  description = "The cluster's master secret: read by the operator's `alex aws migrate` only, never by a function."
  value       = local.aurora_secret_arn
}

output "aurora_app_secret_arn" {
  description = "Secret of the functions' database user (DML only)."
  value       = aws_secretsmanager_secret.aurora_app.arn
}

output "aurora_database" {
  description = "Database name inside the cluster."
  value       = var.aurora_database
}

output "live_alias" {
  description = "Alias that serves each function's requests; `alex deploy` moves it."
  value       = local.live_alias
}

output "aurora_app_username" {
  description = "Database user the functions sign in as; `alex aws migrate` creates it and writes its secret."
  value       = var.aurora_app_username
}

# Read by `alex aws kb ingest`, which fills the vector index from this deployment's database
# with the reporter's own embedder.
output "vector_bucket" {
  description = "S3 Vectors bucket the reporter searches; empty when vector search is off."
  value       = var.vector_bucket
}

output "vector_index" {
  description = "Index inside the vector bucket."
  value       = var.vector_index
}

output "sagemaker_endpoint" {
  description = "Endpoint that embeds the reporter's queries (and the notes, for the index); empty when off."
  value       = var.sagemaker_endpoint
}
