import { CognitoUser } from './cognito/cognitoUserClient';
import { LinkState } from './cognito/errors';
import { LinkResult } from './cognito/loadLinkedUser';

/**
 * The user as kept in Jovo session data (Alexa session attributes): what components read.
 * Field names follow the seed skill: auth, userName, emailAddress, plus name and userSub.
 */
export interface SessionUserData {
  auth?: LinkState;
  userSub?: string;
  userName?: string;
  emailAddress?: string;
  name?: string;
}

type SessionData = Record<string, unknown> & SessionUserData;

export function readLinkedUser(data: SessionData): CognitoUser | undefined {
  if (data.auth !== 'linked' || !data.userSub || !data.userName) return undefined;
  return { sub: data.userSub, username: data.userName, email: data.emailAddress, name: data.name };
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
