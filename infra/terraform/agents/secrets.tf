# API keys for outside services (Polygon today; OpenAI or Anthropic if an agent is pointed at
# them) as one JSON secret, e.g. {"POLYGON_API_KEY": "..."}. Terraform creates the empty
# secret only: the value is put in with the AWS CLI (docs/deploy-aws.md), so no key is ever in
# a .tf file, a tfvars file, the Terraform state or an output. The functions read it once at
# cold start from ALEX_SECRETS_ARN.
#
# The database master credentials are Part 5's own secret (data.tf): only the operator's
# `alex aws migrate` reads it, never a function. Every secret uses the AWS-managed key, so
# GetSecretValue needs no extra KMS permission.

resource "aws_secretsmanager_secret" "api_keys" {
  name                    = "alex/agents/api-keys"
  description             = "API keys for the Alex agents as a JSON object, e.g. {\"POLYGON_API_KEY\": \"...\"}"
  recovery_window_in_days = var.api_keys_secret_recovery_days
}

# --- The functions' own database user --------------------------------------------------
#
# The functions do not use Part 5's master secret: they sign in to Aurora as an application
# user with DML-only grants (SELECT, INSERT, UPDATE, DELETE on Alex's tables; no CREATE).
# Terraform creates its secret empty, like the API-key secret. The operator's `alex aws migrate`
# (signed in with the master secret) generates the password, stores {"username", "password"}
# here and creates the user in the database with its grants, so the password is never in a
# plan, the state or an output (docs/deploy-aws.md, step 4).

resource "aws_secretsmanager_secret" "aurora_app" {
  name                    = "alex/agents/aurora-app-user"
  description             = "Aurora credentials of the Alex functions' database user (DML only), for the Data API; written by `alex aws migrate`"
  recovery_window_in_days = var.api_keys_secret_recovery_days
}
