# The code bucket: one zip per function, uploaded from dist/lambda (built by `npm run package`).
# `npx alex deploy` writes the same keys and then calls UpdateFunctionCode, so both paths
# deploy identical artefacts; versioning keeps the previous zips for a quick rollback.

locals {
  lambda_package_dir = var.lambda_package_dir != "" ? var.lambda_package_dir : "${path.module}/../../../dist/lambda"
  lambda_zip_paths   = { for name in keys(local.agents) : name => "${local.lambda_package_dir}/${name}.zip" }
  lambda_code_keys   = { for name in keys(local.agents) : name => "lambda/${name}.zip" }
}

resource "aws_s3_bucket" "code" {
  # Account and region in the name keep it globally unique without a random suffix.
  bucket = "alex-agent-code-${local.account_id}-${var.aws_region}"

  # Only build artefacts live here (rebuilt by `npm run package`), so destroying the stack
  # may empty the bucket, old versions included.
  force_destroy = true
}

resource "aws_s3_bucket_versioning" "code" {
  bucket = aws_s3_bucket.code.id

  versioning_configuration {
    status = "Enabled"
  }
}

# SSE-S3 rather than a customer KMS key: nothing to grant the deployer or Lambda, and an
# object's ETag stays its MD5.
resource "aws_s3_bucket_server_side_encryption_configuration" "code" {
  bucket = aws_s3_bucket.code.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "code" {
  bucket                  = aws_s3_bucket.code.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "code" {
  bucket = aws_s3_bucket.code.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Old zips are only useful for a rollback soon after a deploy.
resource "aws_s3_bucket_lifecycle_configuration" "code" {
  bucket = aws_s3_bucket.code.id

  rule {
    id     = "expire-old-code"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.code]
}

data "aws_iam_policy_document" "code_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.code.arn,
      "${aws_s3_bucket.code.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "code" {
  bucket = aws_s3_bucket.code.id
  policy = data.aws_iam_policy_document.code_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.code]
}

resource "aws_s3_object" "code" {
  for_each = local.agents

  bucket = aws_s3_bucket.code.id
  key    = local.lambda_code_keys[each.key]
  source = local.lambda_zip_paths[each.key]

  # Re-upload when the local zip changes. source_hash (not etag) so this keeps working if
  # the bucket later moves to KMS encryption, where the ETag is no longer the MD5.
  source_hash = fileexists(local.lambda_zip_paths[each.key]) ? filemd5(local.lambda_zip_paths[each.key]) : null

  lifecycle {
    precondition {
      condition     = fileexists(local.lambda_zip_paths[each.key])
      error_message = "${local.lambda_zip_paths[each.key]} does not exist: run `npm run package` in the repository root first."
    }
  }

  depends_on = [
    aws_s3_bucket_versioning.code,
    aws_s3_bucket_server_side_encryption_configuration.code,
  ]
}
