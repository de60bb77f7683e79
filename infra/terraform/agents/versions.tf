terraform {
  # Terraform 1.5 or newer (OpenTofu works too); the module uses data-source postconditions
  # and one(), both older than that.
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100.0 is the version this module is validated and tested with (terraform test in
      # the suite) and the one .terraform.lock.hcl pins; older 5.x releases reject runtime
      # "nodejs22.x". Lambda's nodejs24.x runtime needs a 6.x provider (5.100 rejects it):
      # `terraform init -upgrade` moves the lock to 6.x, see docs/deploy-aws.md.
      version = ">= 5.100, < 7.0"
    }
  }

  # State stays in this directory (terraform.tfstate, git-ignored). For a team, add an S3
  # backend here; nothing else in the module depends on where state lives.
}
