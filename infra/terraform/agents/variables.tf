# Inputs of the agent stack. The names follow the seed's terraform.tfvars (Part 6) so an
# existing file keeps working, except polygon_api_key: API keys go into Secrets Manager
# (secrets.tf), never into Terraform variables, state or outputs.

variable "aws_region" {
  description = "Region of the Lambda functions, the queue, the code bucket and the log groups."
  type        = string
  default     = "us-east-1"
}

# --- Database (Aurora Serverless v2 with the Data API, seed Part 5) ---------------------

variable "aurora_cluster_arn" {
  description = "ARN of the Aurora cluster. Empty: looked up by aurora_cluster_identifier."
  type        = string
  default     = ""
}

variable "aurora_secret_arn" {
  description = "ARN of the Secrets Manager secret with the database credentials. Empty: looked up by aurora_secret_name_prefix."
  type        = string
  default     = ""
}

variable "aurora_cluster_identifier" {
  description = "Cluster identifier used for the lookup when aurora_cluster_arn is empty (the seed's Part 5 name)."
  type        = string
  default     = "alex-aurora-cluster"
}

variable "aurora_secret_name_prefix" {
  description = "Name prefix used for the lookup when aurora_secret_arn is empty; exactly one secret must match."
  type        = string
  default     = "alex-aurora-credentials-"
}

variable "aurora_app_username" {
  description = "Database user the functions sign in as (DML-only grants), created by `alex aws migrate`."
  type        = string
  default     = "alex_app"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.aurora_app_username))
    error_message = "aurora_app_username must be a plain PostgreSQL name: lower-case letters, digits and _, starting with a letter or _."
  }
}

variable "aurora_database" {
  description = "Database name inside the cluster."
  type        = string
  default     = "alex"
}

# --- Knowledge search (S3 Vectors and the embedding endpoint, seed Parts 2-3) -----------

variable "vector_bucket" {
  description = "S3 Vectors bucket searched by the reporter. Empty: the reporter uses full-text search in the database only."
  type        = string
  default     = ""
}

variable "vector_index" {
  description = "Index inside the vector bucket."
  type        = string
  default     = "financial-research"
}

variable "sagemaker_endpoint" {
  description = "SageMaker endpoint that embeds the reporter's search queries. Empty: no query embeddings."
  type        = string
  default     = ""
}

# --- Language model ----------------------------------------------------------------------

variable "bedrock_model_id" {
  description = "Bedrock model ID (amazon.nova-pro-v1:0) or cross-region inference profile ID (us.amazon.nova-pro-v1:0)."
  type        = string
  default     = "amazon.nova-pro-v1:0"

  validation {
    condition     = length(trimspace(var.bedrock_model_id)) > 0
    error_message = "bedrock_model_id must not be empty."
  }

  # The IAM policy is built from the ID (data.tf); an ARN here would render ARNs that match
  # nothing, and every model call would be denied.
  validation {
    condition     = !startswith(var.bedrock_model_id, "arn:")
    error_message = "bedrock_model_id takes a model or inference profile ID such as us.amazon.nova-pro-v1:0, not an ARN."
  }
}

variable "bedrock_region" {
  description = "Region the functions call Bedrock in (the source region of an inference profile)."
  type        = string
  default     = "us-east-1"
}

# --- Market data ---------------------------------------------------------------------------

variable "polygon_plan" {
  description = "Polygon.io plan: free (5 calls a minute, end-of-day prices) or paid."
  type        = string
  default     = "free"

  validation {
    condition     = contains(["free", "paid"], var.polygon_plan)
    error_message = "polygon_plan must be \"free\" or \"paid\"."
  }
}

# --- Functions, queue, logs -------------------------------------------------------------

variable "lambda_memory_mb" {
  description = "Memory per function in MB; Lambda gives CPU in proportion to memory."
  type        = map(number)
  default = {
    planner    = 1024
    tagger     = 512
    reporter   = 1024
    charter    = 512
    retirement = 1024 # the Monte Carlo engine is CPU-bound
  }

  validation {
    condition = (
      toset(keys(var.lambda_memory_mb)) == toset(["planner", "tagger", "reporter", "charter", "retirement"]) &&
      alltrue([for mb in values(var.lambda_memory_mb) : mb >= 128 && mb <= 10240])
    )
    error_message = "lambda_memory_mb needs exactly the keys planner, tagger, reporter, charter, retirement, each 128-10240."
  }
}

variable "lambda_package_dir" {
  description = "Directory holding <agent>.zip from `npm run package`. Empty: dist/lambda at the repository root."
  type        = string
  default     = ""
}

variable "planner_max_concurrency" {
  description = "Most planner instances the queue trigger runs at once (each runs one analysis)."
  type        = number
  default     = 5

  validation {
    condition     = var.planner_max_concurrency >= 2 && var.planner_max_concurrency <= 1000
    error_message = "planner_max_concurrency must be between 2 and 1000 (the event source mapping's limits)."
  }
}

variable "log_level" {
  description = "ALEX_LOG_LEVEL of the functions."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["fatal", "error", "warn", "info", "debug", "trace", "silent"], var.log_level)
    error_message = "log_level must be one of fatal, error, warn, info, debug, trace, silent."
  }
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the functions' logs."
  type        = number
  default     = 14

  validation {
    condition = contains(
      [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
      var.log_retention_days,
    )
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (AWS sends a confirmation mail first). Empty: no subscription; the topic still exists."
  type        = string
  default     = ""

  validation {
    condition     = var.alarm_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address or empty."
  }
}

variable "alarm_actions" {
  description = "More ARNs (e.g. an existing SNS topic) notified by every alarm, besides the stack's own alarm topic."
  type        = list(string)
  default     = []
}

variable "lambda_runtime" {
  description = "Lambda runtime of the functions. nodejs24.x needs the hashicorp/aws provider 6.x (5.100 rejects it)."
  type        = string
  default     = "nodejs22.x"

  validation {
    condition     = contains(["nodejs22.x", "nodejs24.x"], var.lambda_runtime)
    error_message = "lambda_runtime must be nodejs22.x or nodejs24.x (the bundles need Node 22 or newer)."
  }
}

variable "api_keys_secret_recovery_days" {
  description = "Days a deleted API-key secret can be restored; 0 deletes at once (handy when tearing a dev stack down and up again)."
  type        = number
  default     = 7

  validation {
    condition     = var.api_keys_secret_recovery_days == 0 || (var.api_keys_secret_recovery_days >= 7 && var.api_keys_secret_recovery_days <= 30)
    error_message = "api_keys_secret_recovery_days must be 0 or between 7 and 30."
  }
}

variable "reaper_schedule_expression" {
  description = "How often EventBridge Scheduler runs the reaper (scheduler.tf). Each run queries the database, so an auto-pausing Aurora cluster never pauses while it runs every 5 minutes; a longer rate lets it pause, and a lost job is then noticed later."
  type        = string
  default     = "rate(5 minutes)"

  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.reaper_schedule_expression))
    error_message = "reaper_schedule_expression must be a Scheduler rate(...) or cron(...) expression, e.g. rate(5 minutes)."
  }
}
