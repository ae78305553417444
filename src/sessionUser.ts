import { CognitoUser } from './cognito/cognitoUserClient';
import { LinkState } from './cognito/errors';
import { LinkResult } from './cognito/loadLinkedUser';

/**
 * The user as kept in Jovo session data (Alexa session attributes): what components read.
 * auth is the LinkState; userSub, userName, emailAddress and name are Cognito's sub, username,
 * email and name.
 */
export interface SessionUserData {
  auth?: LinkState;
  userSub?: string;
  userName?: string;
  emailAddress?: string;
  name?: string;
}

type SessionData = Record<string, unknown> & SessionUserData;

/** What the skill calls the user: their name, else their username (Cognito's name is optional). */
export function nameOf(user: SessionUserData): string {
  return user.name ?? user.userName ?? '';
}

const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

/**
 * The user this session already knows. Session attributes come back from the caller, so anything not
 * shaped like what writeLinkResult wrote counts as no user.
 */
export function readLinkedUser(data: SessionData): CognitoUser | undefined {
  const { auth, userSub, userName, emailAddress, name } = data;
  if (auth !== 'linked' || typeof userSub !== 'string' || typeof userName !== 'string') return undefined;
  if (!userSub || !userName || !optionalString(emailAddress) || !optionalString(name)) return undefined;
  return { sub: userSub, username: userName, email: emailAddress, name };
}

export function writeLinkResult(data: SessionData, result: LinkResult): void {
  data.auth = result.state;
  if (result.state === 'linked') {
    data.userSub = result.user.sub;
    data.userName = result.user.username;
    data.emailAddress = result.user.email;
    data.name = result.user.name;
  } else if (result.state !== 'unavailable') {
    // Keep nothing of a user whose link is gone; an unavailable Cognito keeps what the session knew.
    delete data.userSub;
    delete data.userName;
    delete data.emailAddress;
    delete data.name;
  }
}

export function linkStateOf(data: SessionData): LinkState {
  return data.auth ?? 'not-linked';
}
