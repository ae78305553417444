import { LinkState } from './cognito/errors';
import { LinkResult } from './cognito/loadLinkedUser';
import { CognitoUser, PROFILE_ATTRIBUTES, profileAttributesFrom } from './profileFields';

/**
 * The user as kept in Jovo session data (Alexa session attributes): `auth` is the LinkState, `user`
 * Cognito's sub, username and the profile attributes the skill reads (src/profileFields.ts).
 */
export interface SessionUserData {
  auth?: LinkState;
  user?: CognitoUser;
}

type SessionData = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The user this session already knows. Session attributes come back from the caller, so anything not
 * shaped like what writeLinkResult wrote counts as no user: sub and username must be text, and so
 * must every attribute the skill reads (others are dropped).
 */
export function readLinkedUser(data: SessionData): CognitoUser | undefined {
  const { auth, user } = data;
  if (auth !== 'linked' || !isObject(user) || !isObject(user.attributes)) return undefined;
  const { sub, username, attributes } = user;
  if (typeof sub !== 'string' || typeof username !== 'string' || !sub || !username) return undefined;
  const notText = (name: string) => attributes[name] !== undefined && typeof attributes[name] !== 'string';
  if (PROFILE_ATTRIBUTES.some(notText)) return undefined;
  return { sub, username, attributes: profileAttributesFrom(Object.entries(attributes)) };
}

export function writeLinkResult(data: SessionData, result: LinkResult): void {
  data.auth = result.state;
  if (result.state === 'linked') {
    data.user = result.user;
  } else if (result.state !== 'unavailable') {
    // Keep nothing of a user whose link is gone; an unavailable Cognito keeps what the session knew.
    delete data.user;
  }
}

export function linkStateOf(data: SessionData): LinkState {
  const auth = (data as SessionUserData).auth;
  return auth === 'linked' || auth === 'relink-needed' || auth === 'unavailable' ? auth : 'not-linked';
}
