# What this stack looks up rather than creates: the account, the database from the seed's
# Part 5, and the Bedrock inference profile behind the configured model.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
}

# --- Aurora: found by the seed's names when the ARNs are not given -----------------------

data "aws_rds_cluster" "aurora" {
  count              = var.aurora_cluster_arn == "" ? 1 : 0
  cluster_identifier = var.aurora_cluster_identifier
}

# Part 5 names its credentials secret "alex-aurora-credentials-<random>", so the lookup is by
# prefix (the Secrets Manager "name" filter matches the start of the name).
data "aws_secretsmanager_secrets" "aurora" {
  count = var.aurora_secret_arn == "" ? 1 : 0

  filter {
    name   = "name"
    values = [var.aurora_secret_name_prefix]
  }

  lifecycle {
    postcondition {
      condition     = length(self.arns) == 1
      error_message = "Expected exactly one secret named ${var.aurora_secret_name_prefix}*, found ${length(self.arns)}. Set aurora_secret_arn in terraform.tfvars."
    }
  }
}

locals {
  # one(...[*]) is null when the lookup is off, so these never index an empty list.
  aurora_cluster_arn = coalesce(var.aurora_cluster_arn, one(data.aws_rds_cluster.aurora[*].arn))
  aurora_secret_arn = coalesce(
    var.aurora_secret_arn,
    one(flatten([for found in data.aws_secretsmanager_secrets.aurora : tolist(found.arns)])),
  )
}

# --- Bedrock: the exact ARNs the functions may invoke ----------------------------------

# A model ID that starts with a geography ("us.", "eu.", "apac.", "global.", ...) names a
# cross-region inference profile. A call to a profile is authorised twice: once on the
# profile in the source region (bedrock_region), and once on the foundation model in
# whichever destination region Bedrock routes it to. So the policy lists the profile ARN and
# the foundation-model ARN in every destination region, which the profile itself reports.
# A plain model ID ("amazon.nova-pro-v1:0") runs in bedrock_region only: one ARN.
locals {
  bedrock_geography_prefixes     = ["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"]
  bedrock_model_id_parts         = split(".", var.bedrock_model_id)
  bedrock_uses_inference_profile = contains(local.bedrock_geography_prefixes, local.bedrock_model_id_parts[0])
  bedrock_foundation_model_id = (
    local.bedrock_uses_inference_profile
    ? join(".", slice(local.bedrock_model_id_parts, 1, length(local.bedrock_model_id_parts)))
    : var.bedrock_model_id
  )
}

data "aws_bedrock_inference_profile" "configured" {
  count                = local.bedrock_uses_inference_profile ? 1 : 0
  provider             = aws.bedrock
  inference_profile_id = var.bedrock_model_id
}

locals {
  bedrock_model_arns = concat(
    data.aws_bedrock_inference_profile.configured[*].inference_profile_arn,
    flatten([for profile in data.aws_bedrock_inference_profile.configured : profile.models[*].model_arn]),
    # Global profiles may route to any commercial region; AWS authorises those calls on the
    # region-less foundation-model ARN.
    local.bedrock_model_id_parts[0] == "global"
    ? ["arn:${local.partition}:bedrock:::foundation-model/${local.bedrock_foundation_model_id}"]
    : [],
    local.bedrock_uses_inference_profile
    ? []
    : ["arn:${local.partition}:bedrock:${var.bedrock_region}::foundation-model/${var.bedrock_model_id}"],
  )
}
