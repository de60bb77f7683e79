import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { LlmConfig } from '../../config.ts';
import type { ProviderOptions, RegistryProvider } from './provider-options.ts';

/** The original system's model (Nova Pro via the US cross-region profile); `bedrock:default`. */
export const DEFAULT_BEDROCK_MODEL_ID = 'us.amazon.nova-pro-v1:0';

/** `default` names the seed's model; any other id is passed to Bedrock as written. */
export function bedrockModelId(modelId: string): string {
  return modelId === 'default' ? DEFAULT_BEDROCK_MODEL_ID : modelId;
}

/**
 * Amazon Bedrock in BEDROCK_REGION (else AWS_REGION). On its own the AI SDK provider reads only
 * the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables; handing it the AWS SDK's default chain
 * adds profiles, SSO, web identity and the ECS/EC2 instance roles, as every other AWS client
 * here has. Credentials are resolved on the first call, not now, so configuring Bedrock never
 * fails early; a missing credential surfaces as that call's error.
 */
export function createBedrockProvider(
  llm: LlmConfig,
  options: ProviderOptions = {},
): RegistryProvider {
  return createAmazonBedrock({
    ...(llm.bedrockRegion ? { region: llm.bedrockRegion } : {}),
    credentialProvider: defaultProvider(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
