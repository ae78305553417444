import { BaseComponent, Component, Global, Handle, InputType, Intents } from '@jovotech/framework';
import { speech } from '../output/userText';
import { nameOf, SessionUserData } from '../sessionUser';

/**
 * What a linked user can always say, and what everyone can (Stop, Cancel, Fallback, session end).
 * Users without a usable account never reach Launch, Hello or Help here: the account-linking guard
 * answers them from the AccountLinkingComponent.
 */
@Global()
// Named explicitly: the name is kept in the session's dialogue state, and a minified bundle renames classes.
@Component({ name: 'GlobalComponent' })
export class GlobalComponent extends BaseComponent {
  LAUNCH() {
    const user = this.$session.data as SessionUserData;
    const t = this.$t.bind(this);
    return this.$send({
      message: speech(t, 'welcome.linked', { name: nameOf(user) }),
      reprompt: speech(t, 'welcome.reprompt'),
      listen: true,
    });
  }

  @Intents(['HelloWorldIntent'])
  hello() {
    const user = this.$session.data as SessionUserData;
    const t = this.$t.bind(this);
    return this.$send({
      message: speech(t, 'hello.linked', { name: nameOf(user) }),
      reprompt: speech(t, 'help.reprompt'),
      listen: true,
    });
  }

  @Intents(['AMAZON.HelpIntent'])
  help() {
    const t = this.$t.bind(this);
    return this.$send({ message: speech(t, 'help.linked'), reprompt: speech(t, 'help.reprompt'), listen: true });
  }

  @Intents(['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'])
  stop() {
    return this.$send({ message: speech(this.$t.bind(this), 'goodbye'), listen: false });
  }

  @Intents(['AMAZON.FallbackIntent'])
  fallback() {
    const t = this.$t.bind(this);
    return this.$send({
      message: speech(t, 'fallback.message'),
      reprompt: speech(t, 'fallback.reprompt'),
      listen: true,
    });
  }

  UNHANDLED() {
    return this.fallback();
  }

  /** Alexa allows no speech after a session ended (the request hook logs why it ended). */
  @Handle({ types: [InputType.End] })
  sessionEnded() {
    return;
  }

  /** Alexa tells the skill when linking completes; the request hook has already loaded the user. */
  @Handle({ types: ['AlexaSkillEvent.SkillAccountLinked'], platforms: ['alexa'] })
  accountLinked() {
    return;
  }
}
