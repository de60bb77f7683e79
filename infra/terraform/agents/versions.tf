terraform {
  # Terraform 1.5 or newer (OpenTofu works too); the module uses data-source postconditions
  # and one(), both older than that.
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.72 added the aws_bedrock_inference_profile data source; 6.x keeps every
      # argument used here.
      version = ">= 5.72, < 7.0"
    }
  }

  # State stays in this directory (terraform.tfstate, git-ignored). For a team, add an S3
  # backend here; nothing else in the module depends on where state lives.
}
