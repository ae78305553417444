import { BaseComponent, Component } from '@jovotech/framework';
import { LinkAccountCardOutput } from '@jovotech/platform-alexa';
import { translatorFor } from '../output/translate';
import { speech } from '../output/userText';
import { linkStateOf } from '../sessionUser';

/**
 * Every answer for a user whose account is not usable, in one place. Reached only through the
 * account-linking guard's redirect (src/hooks/accountLinkingGuard.ts): its methods carry no routing
 * decorators on purpose, and the component is not global. Jovo routes every method of a component
 * as an intent of the method's name, globally in a global component: `help` here would clash with
 * GlobalComponent's (Jovo's router refuses to initialize on duplicate global intents) and
 * `needsAccount` would answer a request that names it from anywhere.
 *
 * - not linked, or the link expired or was revoked: explain, send the LinkAccount card, end the
 *   session (the user continues in the Alexa app);
 * - Cognito unavailable: not the user's fault, so apologise and keep the session open.
 */
/**
 * The component's name, kept in the session's dialogue state: explicit, because a minified bundle
 * renames classes, and redirects use it (Jovo looks a class up by its class name).
 */
export const ACCOUNT_LINKING_COMPONENT = 'AccountLinkingComponent';

@Component({ name: ACCOUNT_LINKING_COMPONENT })
export class AccountLinkingComponent extends BaseComponent {
  launch() {
    return this.answer('linking.launch');
  }

  /** Help must always work (certification). While Cognito is unreachable, the user is most likely linked. */
  help() {
    const key = linkStateOf(this.$session.data) === 'unavailable' ? 'help.linked' : 'help.notLinked';
    const t = translatorFor(this);
    return this.$send({ message: speech(t, key), reprompt: speech(t, 'help.reprompt'), listen: true });
  }

  needsAccount() {
    return this.answer('linking.notLinked');
  }

  private answer(notLinkedKey: string) {
    const state = linkStateOf(this.$session.data);
    if (state === 'unavailable') return this.apologise();
    const key = state === 'relink-needed' ? 'linking.relinkNeeded' : notLinkedKey;
    return this.$send(LinkAccountCardOutput, { message: speech(translatorFor(this), key) });
  }

  private apologise() {
    const t = translatorFor(this);
    return this.$send({
      message: speech(t, 'unavailable.message'),
      reprompt: speech(t, 'unavailable.reprompt'),
      listen: true,
    });
  }
}
