import type { LinkRequest, LinkResult, LoadLinkedUser } from '../../../src/cognito/loadLinkedUser';
import type { CognitoUser } from '../../../src/profileFields';

/** Users as Cognito would describe them (GetUser's Username and attributes). */
export const ALICE: CognitoUser = {
  sub: '4a1f2c3e-0000-4000-8000-00000000a11c',
  username: 'alice',
  attributes: { email: 'alice@example.com', name: 'Alice Smith' },
};

export const linked = (user: CognitoUser): LinkResult => ({ state: 'linked', user, source: 'cognito' });
export const RELINK_NEEDED: LinkResult = { state: 'relink-needed', reason: 'RevokedAccessError' };
export const UNAVAILABLE: LinkResult = { state: 'unavailable', reason: 'CognitoUnavailableError' };

/**
 * The user loader createApp takes, as a plain function: the access token decides the answer, as it
 * does for the real one (src/cognito/loadLinkedUser.ts), and no token means not linked. It
 * remembers what it was asked, so tests can see what the request hook passes in.
 */
export class FakeLoader {
  readonly requests: LinkRequest[] = [];
  private readonly answers = new Map<string, LinkResult | Error>();

  /** The answer for requests carrying `token`; an Error is thrown (a lookup bug, which no real part produces on demand). */
  answer(token: string, result: LinkResult | Error): this {
    this.answers.set(token, result);
    return this;
  }

  readonly load: LoadLinkedUser = async (request) => {
    this.requests.push(request);
    if (!request.accessToken) return { state: 'not-linked', reason: 'no-token' };
    const answer = this.answers.get(request.accessToken) ?? { state: 'not-linked', reason: 'InvalidAccessTokenError' };
    if (answer instanceof Error) throw answer;
    return answer;
  };
}
