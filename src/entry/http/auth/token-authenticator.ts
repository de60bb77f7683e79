import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../../../secret.ts';
import { AuthenticationError, type Authenticator, type Caller } from './authenticator.ts';

const TOKEN_CALLER: Caller = { externalId: 'token', name: 'API user' };

/**
 * ALEX_AUTH=token: `Authorization: Bearer <ALEX_API_TOKEN>`, one user. The token is compared
 * as SHA-256 digests with timingSafeEqual: digests have equal length whatever was sent, so
 * neither the comparison nor a length check tells an attacker how much of a guess was right.
 */
export function createTokenAuthenticator(token: Secret): Authenticator {
  const expected = digest(token.reveal());
  return {
    mode: 'token',
    authenticate(header) {
      const presented = bearerToken(header);
      if (presented === undefined) {
        return Promise.reject(
          new AuthenticationError('send Authorization: Bearer <token> (ALEX_AUTH=token)'),
        );
      }
      if (!timingSafeEqual(digest(presented), expected)) {
        return Promise.reject(new AuthenticationError('the bearer token is not valid'));
      }
      return Promise.resolve(TOKEN_CALLER);
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header ?? '');
  return match?.[1];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
