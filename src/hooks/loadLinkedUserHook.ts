import { InputType, Jovo } from '@jovotech/framework';
import { LoadLinkedUser, LinkResult } from '../cognito/loadLinkedUser';
import { Logger } from '../logger';
import { LINK_STATE_METRIC, MetricsRecorder } from '../metrics';
import { linkStateOf, readLinkedUser, writeLinkResult } from '../sessionUser';

/** The access token Alexa holds for this user: in the session, or (skill events, no session) in the context. */
function accessTokenOf(jovo: Jovo): string | undefined {
  const alexa = jovo.$alexa;
  const token = alexa?.$user.accessToken || alexa?.$request.context?.System?.user?.accessToken;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

/** Skill events (SkillAccountLinked) come without a session: each one starts afresh. */
function isNewSession(jovo: Jovo): boolean {
  return jovo.$alexa?.$request.session?.new !== false;
}

/**
 * Runs at the start of every dialogue: loads the Cognito user into the session, so components and
 * the account-linking guard read `$session.data` and never talk to Cognito themselves. Counts the
 * request and the link state it is answered in (src/metrics.ts).
 */
export function loadLinkedUserHook(loadLinkedUser: LoadLinkedUser, logger: Logger, metrics: MetricsRecorder) {
  const count = (jovo: Jovo) => {
    metrics.add('Requests');
    metrics.add(LINK_STATE_METRIC[linkStateOf(jovo.$session.data)]);
  };
  return async (jovo: Jovo): Promise<void> => {
    // A session that is ending gets no answer; do not spend Cognito's time on it. It counts in the
    // state its session last knew.
    if (jovo.$input.type === InputType.End) return count(jovo);
    const newSession = isNewSession(jovo);
    let result: LinkResult;
    try {
      result = await loadLinkedUser({
        accessToken: accessTokenOf(jovo),
        newSession,
        sessionUser: newSession ? undefined : readLinkedUser(jovo.$session.data),
      });
    } catch (error) {
      // Never let a lookup bug cost the user an answer: treat it like an unreachable Cognito.
      logger.error('user lookup failed', { errorName: error instanceof Error ? error.name : typeof error });
      result = { state: 'unavailable', reason: 'lookup-error' };
    }
    writeLinkResult(jovo.$session.data, result);
    count(jovo);
    logger.debug('user loaded', {
      linkState: result.state,
      source: result.state === 'linked' ? result.source : result.reason,
    });
  };
}
