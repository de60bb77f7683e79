# API keys for outside services (Polygon today; OpenAI or Anthropic if an agent is pointed at
# them) as one JSON secret, e.g. {"POLYGON_API_KEY": "..."}. Terraform creates the empty
# secret only: the value is put in with the AWS CLI (docs/deploy-aws.md), so no key is ever in
# a .tf file, a tfvars file, the Terraform state or an output. The functions read it once at
# cold start from ALEX_SECRETS_ARN.
#
# The database credentials are Part 5's own secret (data.tf); this stack only reads it.
# Both use the AWS-managed key, so GetSecretValue needs no extra KMS permission.

resource "aws_secretsmanager_secret" "api_keys" {
  name                    = "alex/agents/api-keys"
  description             = "API keys for the Alex agents as a JSON object, e.g. {\"POLYGON_API_KEY\": \"...\"}"
  recovery_window_in_days = var.api_keys_secret_recovery_days
}
