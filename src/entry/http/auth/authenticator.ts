// The seam between the HTTP API and the ways a caller can prove who they are
// (ALEX_AUTH=local | token | jwt). Each mode is one Authenticator; the app maps the
// Caller it returns to a user row (found or created by external id) and scopes every
// route to that user.

/** Who made the request, as the auth mode knows them. */
export interface Caller {
  /** Stable id from the auth mode: "local", "token", or a JWT `sub` such as "user_2abc…". */
  readonly externalId: string;
  /** Display name from the token's claims, when it carries one (used when the user is created). */
  readonly name?: string;
  readonly email?: string;
}

export interface Authenticator {
  readonly mode: 'local' | 'token' | 'jwt';
  /** Resolves the caller, or throws AuthenticationError; never echoes the credential. */
  authenticate(authorizationHeader: string | undefined): Promise<Caller>;
}

/** A request whose credentials are missing or invalid: answered with 401, the reason kept generic. */
export class AuthenticationError extends Error {
  /** Safe to show the caller; never contains the token or key material. */
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = 'AuthenticationError';
    this.reason = reason;
  }
}
