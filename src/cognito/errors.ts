/**
 * Why a user could not be loaded, as types the skill branches on (never on message strings).
 * Each maps to one LinkState: the user hears something different for each. Every class carries
 * its name as a literal, so logs of the minified bundle still say which one it was.
 */
export type LinkState = 'linked' | 'not-linked' | 'relink-needed' | 'unavailable';

export abstract class CognitoUserError extends Error {
  abstract readonly linkState: Exclude<LinkState, 'linked'>;
}

/** The token is not one our pool issued to our app client (forged, tampered, wrong client, no expiry, not a token). */
export class InvalidAccessTokenError extends CognitoUserError {
  name = 'InvalidAccessTokenError';
  readonly linkState = 'not-linked' as const;
}

/** The token was ours but has expired: Alexa could not refresh it, so the user must link again. */
export class ExpiredAccessTokenError extends CognitoUserError {
  name = 'ExpiredAccessTokenError';
  readonly linkState = 'relink-needed' as const;
}

/** Cognito refused a locally valid token: revoked (GlobalSignOut), user disabled or deleted. */
export class RevokedAccessError extends CognitoUserError {
  name = 'RevokedAccessError';
  readonly linkState = 'relink-needed' as const;
}

/**
 * Cognito (or its JWKS) did not answer in time, throttled us, or failed. Not the user's fault:
 * apologise and keep the session; never ask them to relink for this.
 */
export class CognitoUnavailableError extends CognitoUserError {
  name = 'CognitoUnavailableError';
  readonly linkState = 'unavailable' as const;
}
