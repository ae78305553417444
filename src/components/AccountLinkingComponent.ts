import { BaseComponent, Component, Global } from '@jovotech/framework';
import { LinkAccountCardOutput } from '@jovotech/platform-alexa';

/**
 * What a user hears when a request needs their account and it is not usable. Reached only through
 * the AccountLinkingGuardPlugin's redirect (its methods carry no routing decorators on purpose).
 */
@Global()
@Component()
export class AccountLinkingComponent extends BaseComponent {
  /** Not linked, or the link is no longer valid: explain and send the LinkAccount card; end the session. */
  linkAccount() {
    const key = this.$session.data.auth === 'relink-needed' ? 'linking.relinkNeeded' : 'linking.notLinked';
    return this.$send(LinkAccountCardOutput, { message: this.$t(key) });
  }

  /** Cognito did not answer: not the user's fault, so apologise and keep the session open. */
  accountUnavailable() {
    return this.$send({
      message: this.$t('unavailable.message'),
      reprompt: this.$t('unavailable.reprompt'),
      listen: true,
    });
  }
}
