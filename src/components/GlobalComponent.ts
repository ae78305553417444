import { BaseComponent, Component, Global, Handle, InputType, Intents } from '@jovotech/framework';
import { LinkAccountCardOutput } from '@jovotech/platform-alexa';
import { ssmlSafe } from '../output/ssml';
import { SessionUserData } from '../sessionUser';
import { appContextOf } from '../appContext';

// Plain functions, not getters: Jovo's @Component reads every prototype property while decorating.
function userOf(component: BaseComponent): SessionUserData {
  return component.$session.data as SessionUserData;
}

function spokenNameOf(component: BaseComponent): string {
  const user = userOf(component);
  return ssmlSafe(user.name ?? user.userName ?? '');
}

@Global()
@Component()
export class GlobalComponent extends BaseComponent {
  LAUNCH() {
    switch (userOf(this).auth) {
      case 'linked':
        return this.$send({
          message: this.$t('welcome.linked', { name: spokenNameOf(this) }),
          reprompt: this.$t('welcome.reprompt'),
          listen: true,
        });
      case 'unavailable':
        return this.$send({
          message: this.$t('unavailable.message'),
          reprompt: this.$t('unavailable.reprompt'),
          listen: true,
        });
      case 'relink-needed':
        return this.$send(LinkAccountCardOutput, { message: this.$t('linking.relinkNeeded') });
      default:
        return this.$send(LinkAccountCardOutput, { message: this.$t('linking.launch') });
    }
  }

  @Intents(['HelloWorldIntent'])
  hello() {
    return this.$send({
      message: this.$t('hello.linked', { name: spokenNameOf(this) }),
      reprompt: this.$t('help.reprompt'),
      listen: true,
    });
  }

  @Intents(['AMAZON.HelpIntent'])
  help() {
    const key = userOf(this).auth === 'linked' ? 'help.linked' : 'help.notLinked';
    return this.$send({ message: this.$t(key), reprompt: this.$t('help.reprompt'), listen: true });
  }

  @Intents(['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'])
  stop() {
    return this.$send({ message: this.$t('goodbye'), listen: false });
  }

  @Intents(['AMAZON.FallbackIntent'])
  fallback() {
    return this.$send({ message: this.$t('fallback.message'), reprompt: this.$t('fallback.reprompt'), listen: true });
  }

  UNHANDLED() {
    return this.fallback();
  }

  /** Alexa allows no speech here; note why the session ended (an error reason is worth seeing). */
  @Handle({ types: [InputType.End] })
  sessionEnded() {
    const request = this.$request as unknown as { request?: { reason?: string; error?: { type?: string } } };
    appContextOf(this.$app)?.logger.info('session ended', {
      reason: request.request?.reason,
      errorType: request.request?.error?.type,
    });
  }

  /**
   * Alexa tells the skill the moment linking completes. The CognitoUserPlugin has already verified
   * the new token and loaded the user into this container's cache, so the first conversation is fast.
   */
  @Handle({ types: ['AlexaSkillEvent.SkillAccountLinked'], platforms: ['alexa'] })
  accountLinked() {
    appContextOf(this.$app)?.logger.info('account linked', { linkState: userOf(this).auth });
  }
}
