import { BaseComponent, Component, Global, Handle, InputType, Intents } from '@jovotech/framework';
import { fitsSpeech } from '../output/profileAnswers';
import { translatorFor } from '../output/translate';
import { speech } from '../output/userText';
import { nameOf } from '../profileFields';
import { readLinkedUser } from '../sessionUser';

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
    const t = translatorFor(this);
    return this.$send({
      message: this.greeting('welcome'),
      reprompt: speech(t, 'welcome.reprompt'),
      listen: true,
    });
  }

  @Intents(['HelloWorldIntent'])
  hello() {
    const t = translatorFor(this);
    return this.$send({ message: this.greeting('hello'), reprompt: speech(t, 'help.reprompt'), listen: true });
  }

  @Intents(['AMAZON.HelpIntent'])
  help() {
    const t = translatorFor(this);
    return this.$send({ message: speech(t, 'help.linked'), reprompt: speech(t, 'help.reprompt'), listen: true });
  }

  @Intents(['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'])
  stop() {
    return this.$send({ message: speech(translatorFor(this), 'goodbye'), listen: false });
  }

  @Intents(['AMAZON.FallbackIntent'])
  fallback() {
    const t = translatorFor(this);
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

  /**
   * "Welcome back, Alice!" by the user's name; without one (or with one too long to read out, which
   * a greeting has no card to point to) the same words without a name: never a generated username.
   */
  private greeting(kind: 'welcome' | 'hello'): string {
    const t = translatorFor(this);
    const user = readLinkedUser(this.$session.data);
    const name = user && nameOf(user);
    return name !== undefined && fitsSpeech(name)
      ? speech(t, `${kind}.linked`, { name })
      : speech(t, `${kind}.nameless`);
  }
}
