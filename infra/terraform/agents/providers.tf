locals {
  default_tags = {
    Project   = "alex"
    Component = "agents"
    ManagedBy = "terraform"
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.default_tags
  }
}

# Bedrock may live in another region than the functions (the seed runs Lambda in us-east-1
# and calls Nova through us-west-2). This alias only reads the inference profile there.
provider "aws" {
  alias  = "bedrock"
  region = var.bedrock_region

  default_tags {
    tags = local.default_tags
  }
}
