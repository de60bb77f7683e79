/** The original system's model (Nova Pro via the US cross-region profile); `bedrock:default`. */
export const DEFAULT_BEDROCK_MODEL_ID = 'us.amazon.nova-pro-v1:0';

/** `default` names the seed's model; any other id is passed to Bedrock as written. */
export function bedrockModelId(modelId: string): string {
  return modelId === 'default' ? DEFAULT_BEDROCK_MODEL_ID : modelId;
}
