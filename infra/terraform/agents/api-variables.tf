# --- The HTTP API (api.tf) ---------------------------------------------------------------

variable "api_auth" {
  description = "How API callers prove who they are: \"token\" (one user; the token is put in the api_token_secret_arn secret) or \"jwt\" (e.g. Clerk; set api_jwt_*). \"local\" is not offered: it has no credentials and the API is on the internet."
  type        = string
  default     = "token"

  validation {
    condition     = contains(["token", "jwt"], var.api_auth)
    error_message = "api_auth must be \"token\" or \"jwt\": ALEX_AUTH=local answers every request as one user without credentials, which is only safe on a loopback address, and API Gateway is reachable from the internet."
  }
}

variable "api_jwt_jwks_url" {
  description = "api_auth = \"jwt\": the identity provider's JWKS URL, e.g. https://<your-app>.clerk.accounts.dev/.well-known/jwks.json."
  type        = string
  default     = ""

  validation {
    condition     = var.api_jwt_jwks_url == "" || startswith(var.api_jwt_jwks_url, "https://")
    error_message = "api_jwt_jwks_url must be an https:// URL."
  }
}

variable "api_jwt_issuer" {
  description = "api_auth = \"jwt\": the tokens' iss claim, e.g. https://<your-app>.clerk.accounts.dev."
  type        = string
  default     = ""
}

variable "api_jwt_audience" {
  description = "api_auth = \"jwt\": the tokens' aud claim."
  type        = string
  default     = ""
}

variable "api_cors_origins" {
  description = "Browser origins allowed to call the API (CORS), e.g. [\"https://app.example.com\"]; none by default (curl, servers and mobile apps need none)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.api_cors_origins : can(regex("^https?://[^/*]+$", origin))])
    error_message = "Each api_cors_origins entry is a scheme and host without a path or wildcard, e.g. https://app.example.com."
  }
}

variable "api_throttling_rate_limit" {
  description = "Requests per second API Gateway lets through to the API function, across all callers (steady state)."
  type        = number
  default     = 20

  validation {
    condition     = var.api_throttling_rate_limit > 0
    error_message = "api_throttling_rate_limit must be positive."
  }
}

variable "api_throttling_burst_limit" {
  description = "Requests API Gateway lets through at once above the rate limit."
  type        = number
  default     = 40

  validation {
    condition     = var.api_throttling_burst_limit > 0 && floor(var.api_throttling_burst_limit) == var.api_throttling_burst_limit
    error_message = "api_throttling_burst_limit must be a positive whole number."
  }
}

variable "api_memory_mb" {
  description = "Memory of the API function in MB."
  type        = number
  default     = 512

  validation {
    condition     = var.api_memory_mb >= 128 && var.api_memory_mb <= 10240
    error_message = "api_memory_mb must be 128-10240."
  }
}
