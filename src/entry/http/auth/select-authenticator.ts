import type { ApiConfig } from '../../../config.ts';
import { ConfigError } from '../../../errors.ts';
import type { Authenticator } from './authenticator.ts';
import { createLocalAuthenticator } from './local-authenticator.ts';
import { createTokenAuthenticator } from './token-authenticator.ts';

/** The one place the auth mode is chosen from configuration (ALEX_AUTH). */
export function selectAuthenticator(
  config: Pick<ApiConfig, 'auth' | 'apiToken' | 'jwt'>,
): Authenticator {
  switch (config.auth) {
    case 'local':
      return createLocalAuthenticator();
    case 'token':
      if (!config.apiToken)
        throw new ConfigError('ALEX_API_TOKEN', 'is required when ALEX_AUTH=token');
      return createTokenAuthenticator(config.apiToken);
    case 'jwt':
      // INTEGRATION POINT (issue 14): wire createJwtAuthenticator from ./jwt.ts here, with
      // config.jwt (jwksUrl, issuer, audience). Until then ALEX_AUTH=jwt refuses to start.
      throw new ConfigError('ALEX_AUTH', 'ALEX_AUTH=jwt: not wired yet');
  }
}

/** Addresses that only this machine can reach: the only ones ALEX_AUTH=local may listen on. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
