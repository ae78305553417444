/**
 * Opt-in user claims in access tokens, as from a pre token generation trigger (event version 2) returning
 * claimsToAddOrOverride = { email, name }; off by default, as Cognito's access tokens carry no attributes.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
import { PoolUser } from './store';

/** The option: claim names for the user's email and name attributes, or false (off, the default). */
export type AccessTokenClaimsOption = { email?: string; name?: string } | false;

/** Resolved: which attribute goes into which claim. */
export type AccessTokenClaimNames = { email: string; name: string };

export class InvalidAccessTokenClaimsError extends Error {
  readonly name = 'InvalidAccessTokenClaimsError';
}

// Claims Cognito sets itself or does not let claimsToAddOrOverride add or change in access tokens;
// refusing them keeps local tokens verifiable exactly as Cognito's.
const RESERVED = 'acr amr aud auth_time azp client_id event_id exp iat identities iss jti nbf nonce origin_jti scope'
  .concat(' sub token_use username version')
  .split(' ');

export function resolveAccessTokenClaims(option?: AccessTokenClaimsOption): AccessTokenClaimNames | undefined {
  if (!option) return undefined;
  const names = { email: option.email ?? 'email', name: option.name ?? 'name' };
  for (const claim of [names.email, names.name]) {
    if (typeof claim !== 'string' || claim.trim() === '' || claim.length > 128) {
      throw new InvalidAccessTokenClaimsError('an access-token claim name must be 1 to 128 characters');
    }
    if (RESERVED.includes(claim) || claim.startsWith('cognito:')) {
      throw new InvalidAccessTokenClaimsError(`access-token claim "${claim}" is set by Cognito, not by a trigger`);
    }
  }
  if (names.email === names.name) {
    throw new InvalidAccessTokenClaimsError('email and name need different access-token claim names');
  }
  return names;
}

/**
 * The flag and environment form: `on` (claims "email" and "name"), `off` (or unset), or the two claim
 * names, email's then name's (`user_email,display_name`), as the skill's COGNITO_PROFILE_CLAIMS names them.
 */
export function parseAccessTokenClaims(text = ''): AccessTokenClaimsOption {
  const value = text.trim().toLowerCase();
  if (['', 'off', 'false', '0'].includes(value)) return false;
  if (['on', 'true', '1'].includes(value)) return {};
  const [email, name, extra] = text.split(',').map((claim) => claim.trim());
  if (!email || !name || extra !== undefined) {
    throw new InvalidAccessTokenClaimsError(`access-token claims: expected on, off or <email>,<name>; got "${text}"`);
  }
  return { email, name };
}

/** The claims to add for this user: only attributes the user has. */
export const userClaims = (names: AccessTokenClaimNames | undefined, { attributes }: PoolUser) =>
  names ? { [names.email]: attributes.email, [names.name]: attributes.name } : {};
