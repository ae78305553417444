import { InputType, Jovo } from '@jovotech/framework';
import { LoadLinkedUser } from '../cognito/loadLinkedUser';
import { Logger } from '../logger';
import { readLinkedUser, writeLinkResult } from '../sessionUser';

interface AlexaRequestFields {
  session?: { new?: boolean; user?: { accessToken?: string } };
  context?: { System?: { user?: { accessToken?: string } } };
}

/** The access token Alexa holds for this user: in the session, or (skill events) in the context. */
function accessTokenOf(jovo: Jovo): string | undefined {
  const request = jovo.$request as unknown as AlexaRequestFields;
  const token = request.session?.user?.accessToken || request.context?.System?.user?.accessToken;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

/** Skill events (SkillAccountLinked) come without a session: each one starts afresh. */
function isNewSession(jovo: Jovo): boolean {
  return (jovo.$request as unknown as AlexaRequestFields).session?.new !== false;
}

/**
 * Runs at the start of every dialogue: loads the Cognito user into the session, so components and
 * the account-linking guard read `$session.data` and never talk to Cognito themselves.
 */
export function loadLinkedUserHook(loadLinkedUser: LoadLinkedUser, logger: Logger) {
  return async (jovo: Jovo): Promise<void> => {
    // A session that is ending gets no answer; do not spend Cognito's time on it.
    if (jovo.$input.type === InputType.End) return;
    const newSession = isNewSession(jovo);
    let result;
    try {
      result = await loadLinkedUser({
        accessToken: accessTokenOf(jovo),
        newSession,
        sessionUser: newSession ? undefined : readLinkedUser(jovo.$session.data),
      });
    } catch (error) {
      // Never let a lookup bug cost the user an answer: treat it like an unreachable Cognito.
      logger.error('user lookup failed', { errorName: error instanceof Error ? error.name : typeof error });
      result = { state: 'unavailable', reason: 'lookup-error' } as const;
    }
    writeLinkResult(jovo.$session.data, result);
    logger.debug('user loaded', {
      linkState: result.state,
      source: result.state === 'linked' ? result.source : result.reason,
    });
  };
}
