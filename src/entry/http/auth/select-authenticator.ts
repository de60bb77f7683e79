import type { ApiConfig } from '../../../config.ts';
import { ConfigError } from '../../../errors.ts';
import type { Authenticator } from './authenticator.ts';
import { createLocalAuthenticator } from './local-authenticator.ts';
import { createTokenAuthenticator } from './token-authenticator.ts';

/**
 * The one place the auth mode is chosen from configuration (ALEX_AUTH). The JWT mode's module
 * (and jose) is loaded only when chosen: the other modes start without it.
 */
export async function selectAuthenticator(
  config: Pick<ApiConfig, 'auth' | 'apiToken' | 'jwt'>,
): Promise<Authenticator> {
  switch (config.auth) {
    case 'local':
      return createLocalAuthenticator();
    case 'token':
      if (!config.apiToken)
        throw new ConfigError('ALEX_API_TOKEN', 'is required when ALEX_AUTH=token');
      return createTokenAuthenticator(config.apiToken);
    case 'jwt': {
      if (!config.jwt)
        throw new ConfigError(
          'ALEX_JWT_JWKS_URL',
          'ALEX_JWT_JWKS_URL, ALEX_JWT_ISSUER and ALEX_JWT_AUDIENCE are required when ALEX_AUTH=jwt',
        );
      const { createJwtAuthenticator } = await import('./jwt.ts');
      return createJwtAuthenticator(config.jwt);
    }
  }
}

/** Addresses that only this machine can reach: the only ones ALEX_AUTH=local may listen on. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
