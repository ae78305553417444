import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { JwtExpiredError, JwtBaseError, FetchError, JwksNotAvailableInCacheError } from 'aws-jwt-verify/error';
import { Deadline, DeadlineExceededError, withinDeadline } from './deadline';
import { CognitoUnavailableError, ExpiredAccessTokenError, InvalidAccessTokenError } from './errors';

export interface VerifiedAccessToken {
  sub: string;
  username: string;
  /** Seconds since epoch, from the token's exp claim. */
  expiresAt: number;
}

export interface AccessTokenVerifierSettings {
  userPoolId: string;
  appClientId: string;
  /** Fetch the JWKS from here instead of the pool's https URL (the local stand-in serves http). */
  jwksUri?: string;
}

/**
 * Local verification of Cognito access tokens: signature against the pool's JWKS, expiry,
 * token_use "access", iss of our pool and client_id of our app client. A token that fails here
 * never reaches Cognito (no network, no rate limit spent) and is never trusted.
 */
export class AccessTokenVerifier {
  private readonly verifier;

  constructor(settings: AccessTokenVerifierSettings) {
    // aws-jwt-verify keys its JWKS cache by the pool's canonical https URL; when a local source is
    // configured, the fetcher answers that URL from the local one. Verification code stays identical.
    const fetcher = settings.jwksUri ? new RedirectingFetcher(settings.jwksUri) : new SimpleFetcher();
    this.verifier = CognitoJwtVerifier.create(
      { userPoolId: settings.userPoolId, tokenUse: 'access', clientId: settings.appClientId },
      { jwksCache: new SimpleJwksCache({ fetcher }) },
    );
  }

  async verify(accessToken: string, deadline: Deadline): Promise<VerifiedAccessToken> {
    try {
      const payload = await withinDeadline(deadline, this.verifier.verify(accessToken));
      return { sub: payload.sub, username: String(payload.username), expiresAt: payload.exp };
    } catch (error) {
      throw classifyVerificationError(error);
    }
  }
}

function classifyVerificationError(error: unknown): Error {
  if (error instanceof JwtExpiredError) {
    return new ExpiredAccessTokenError('access token expired', { cause: error });
  }
  if (
    error instanceof DeadlineExceededError ||
    error instanceof FetchError ||
    error instanceof JwksNotAvailableInCacheError
  ) {
    return new CognitoUnavailableError('JWKS not available', { cause: error });
  }
  if (error instanceof JwtBaseError) {
    return new InvalidAccessTokenError(`access token rejected: ${error.name}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

class RedirectingFetcher extends SimpleFetcher {
  constructor(private readonly source: string) {
    super();
  }

  async fetch(): Promise<ArrayBuffer> {
    const response = await fetch(this.source, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) throw new FetchError(this.source, `status ${response.status}`);
    return response.arrayBuffer();
  }
}
