import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { LlmConfig } from '../../config.ts';
import type { ProviderOptions, RegistryProvider } from './provider-options.ts';

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
