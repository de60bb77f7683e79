import { LOCAL_USER_EXTERNAL_ID } from '../../../store/seeds/demo-portfolio.ts';
import type { Authenticator, Caller } from './authenticator.ts';

const LOCAL_CALLER: Caller = { externalId: LOCAL_USER_EXTERNAL_ID, name: 'Demo Investor' };

/**
 * ALEX_AUTH=local: every request is the one local user, whatever it sends. Safe only because
 * `alex serve` refuses to listen on anything but a loopback address in this mode.
 */
export function createLocalAuthenticator(): Authenticator {
  return {
    mode: 'local',
    authenticate: () => Promise.resolve(LOCAL_CALLER),
  };
}
