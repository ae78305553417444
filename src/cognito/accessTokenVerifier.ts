import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwksNotAvailableInCacheError, JwtBaseError, JwtExpiredError } from 'aws-jwt-verify/error';
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { Deadline, DeadlineExceededError, withinDeadline } from './deadline';
import { CognitoUnavailableError, ExpiredAccessTokenError, InvalidAccessTokenError } from './errors';

export interface VerifiedAccessToken {
  sub: string;
  username: string;
  /** Seconds since epoch, from the token's exp claim. */
  expiresAt: number;
  /** Every claim of the verified token (profile claims are read from here when configured). */
  claims: Record<string, unknown>;
}

export interface AccessTokenVerifierSettings {
  userPoolId: string;
  appClientId: string;
  /** Fetch the JWKS from here instead of the pool's https URL (the local stand-in serves http). */
  jwksUri?: string;
  /** The pool's JWKS known at start; the verifier fetches again only for a key id it does not hold. */
  jwks?: { keys: Record<string, unknown>[] };
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
    if (settings.jwks) this.verifier.cacheJwks(settings.jwks as unknown as Jwks);
  }

  async verify(accessToken: string, deadline: Deadline): Promise<VerifiedAccessToken> {
    let payload;
    try {
      payload = await withinDeadline(deadline, this.verifier.verify(accessToken));
    } catch (error) {
      throw classifyVerificationError(error);
    }
    // aws-jwt-verify checks exp only when present. Cognito always sets it; a token without one
    // would otherwise be trusted (and cached) forever.
    if (typeof payload.exp !== 'number') throw new InvalidAccessTokenError('access token has no expiry');
    return {
      sub: payload.sub,
      username: String(payload.username),
      expiresAt: payload.exp,
      claims: payload as unknown as Record<string, unknown>,
    };
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
    let response: Response;
    try {
      response = await fetch(this.source, { signal: AbortSignal.timeout(2000) });
    } catch (error) {
      // Refused, reset or timed out: reported as SimpleFetcher reports it, so it reads as unavailable.
      throw new FetchError(this.source, error instanceof Error ? error.name : 'network error');
    }
    if (!response.ok) throw new FetchError(this.source, `status ${response.status}`);
    return response.arrayBuffer();
  }
}
