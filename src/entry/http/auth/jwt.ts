// ALEX_AUTH=jwt: the caller proves who they are with a JWT signed by an identity provider
// (Clerk, Auth0, Cognito, Keycloak…) whose public keys are published as a JWKS. jose does the
// cryptography; this file decides what is accepted: which algorithms, whose tokens (issuer),
// for whom (audience), how much clock skew, and how the claims become a Caller.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { ConfigError, UpstreamError } from '../../../errors.ts';
import { AuthenticationError, type Authenticator, type Caller } from './authenticator.ts';

export interface JwtAuthenticatorOptions {
  /** The identity provider's JWKS, e.g. `https://<app>.clerk.accounts.dev/.well-known/jwks.json`. */
  jwksUrl: string;
  /** The exact `iss` of the provider's tokens (Clerk: the Frontend API URL). */
  issuer: string;
  /** The `aud` the tokens must name: this API. */
  audience: string;
  /** Allowed skew between the provider's clock and ours for `exp` and `nbf`; default 30 s. */
  clockToleranceSeconds?: number;
}

// Asymmetric algorithms only. Without an allow-list a token could pick its own algorithm:
// `none`, or HS256 "signed" with the provider's public key as the shared secret.
const ALLOWED_ALGORITHMS = ['RS256', 'ES256'];

// Clerk's session tokens live 60 s, so a skew of more than a few seconds already stretches
// them; 30 s covers servers whose NTP drifted. Beyond five minutes an expired token would
// stay usable long after it was meant to die, so such a setting is refused as a mistake.
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;

// The JWKS is fetched while a request waits for its answer: fail that request after 3 s
// rather than hold it (jose's default is 5 s). Keys are cached for jose's default 10 minutes,
// and a token with an unknown `kid` refetches at most once per 30 s cooldown (jose's default),
// so a flood of forged kids cannot turn into a flood of requests to the provider.
const JWKS_FETCH_TIMEOUT_MS = 3_000;

// Lenient on what the provider adds, strict on what we store: `sub` becomes the user's
// external id (Clerk's look like `user_2abc…`, not uuids), so it must be a sane string.
const callerClaimsSchema = z.object({
  sub: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
  name: z.string().optional().catch(undefined),
  given_name: z.string().optional().catch(undefined),
  family_name: z.string().optional().catch(undefined),
  email: z.email().max(320).optional().catch(undefined),
});

const INVALID_TOKEN = 'invalid or expired token';

export function createJwtAuthenticator(options: JwtAuthenticatorOptions): Authenticator {
  const jwksUrl = parseJwksUrl(options.jwksUrl);
  const issuer = requireText('ALEX_JWT_ISSUER', options.issuer);
  const audience = requireText('ALEX_JWT_AUDIENCE', options.audience);
  const clockTolerance = checkClockTolerance(options.clockToleranceSeconds);
  const keySet = createRemoteJWKSet(jwksUrl, { timeoutDuration: JWKS_FETCH_TIMEOUT_MS });

  return {
    mode: 'jwt',
    async authenticate(authorizationHeader) {
      const token = bearerToken(authorizationHeader);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          algorithms: ALLOWED_ALGORITHMS,
          issuer,
          audience,
          clockTolerance,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        throw verificationFailure(error, jwksUrl);
      }
      return callerFromClaims(payload);
    },
  };
}

function bearerToken(authorizationHeader: string | undefined): string {
  if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
    throw new AuthenticationError('missing Authorization header');
  }
  const match = /^Bearer +(\S+)\s*$/i.exec(authorizationHeader);
  if (!match?.[1]) {
    throw new AuthenticationError('Authorization header must be "Bearer <token>"');
  }
  return match[1];
}

/**
 * The provider being unreachable is not the caller's fault (their token may be fine): an
 * UpstreamError, so the app answers 503 and the client retries. Everything else jose rejects
 * is one generic 401; the detail (which claim, which check) would only help a forger. The
 * jose error is not kept as `cause`: a claim error carries the token's payload.
 */
function verificationFailure(error: unknown, jwksUrl: URL): Error {
  if (error instanceof errors.JWKSTimeout) {
    return new UpstreamError(
      'jwks',
      `${jwksUrl.host} did not answer within ${JWKS_FETCH_TIMEOUT_MS} ms`,
    );
  }
  // jose's generic error is only thrown for a JWKS response that is not 200 or not JSON, and
  // JWKSInvalid for JSON that is not a key set; fetch's TypeError is a connection failure.
  if (
    (error instanceof errors.JOSEError &&
      (error.code === 'ERR_JOSE_GENERIC' || error.code === 'ERR_JWKS_INVALID')) ||
    (error instanceof TypeError && error.message === 'fetch failed')
  ) {
    return new UpstreamError('jwks', `${jwksUrl.host} did not serve a key set`);
  }
  if (error instanceof errors.JOSEError) return new AuthenticationError(INVALID_TOKEN);
  // Not a verdict on the token but a fault of ours: let the app report it as such.
  return error instanceof Error ? error : new Error(String(error));
}

function callerFromClaims(payload: JWTPayload): Caller {
  const parsed = callerClaimsSchema.safeParse(payload);
  if (!parsed.success) throw new AuthenticationError(INVALID_TOKEN);
  const claims = parsed.data;
  const fullName = [claims.given_name, claims.family_name]
    .map((part) => part?.trim())
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
  const name = claims.name?.trim() || fullName || undefined;
  return {
    externalId: claims.sub,
    ...(name === undefined ? {} : { name }),
    ...(claims.email === undefined ? {} : { email: claims.email }),
  };
}

function parseJwksUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('ALEX_JWT_JWKS_URL', 'must be an absolute https:// URL');
  }
  // Keys fetched over plain http could be swapped by anyone on the path, and every token
  // they sign would be accepted. Plain http is allowed only to this machine (tests, a local
  // identity provider).
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(
      'ALEX_JWT_JWKS_URL',
      'must use https:// (plain http:// only to 127.0.0.1, ::1 or localhost)',
    );
  }
  return url;
}

function requireText(variable: string, value: string): string {
  if (value.trim() === '') throw new ConfigError(variable, 'must not be empty');
  return value;
}

function checkClockTolerance(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw new ConfigError(
      'ALEX_JWT_CLOCK_TOLERANCE_SECONDS',
      `must be a whole number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}`,
    );
  }
  return seconds;
}
