import { BaseComponent, Component, Handle } from '@jovotech/framework';
import { ProfileCardOutput } from '../output/ProfileCardOutput';
import { fieldAnswer, fullProfileAnswer } from '../output/profileAnswers';
import { translatorFor } from '../output/translate';
import { speech } from '../output/userText';
import { CognitoUser, FULL_PROFILE, fieldById } from '../profileFields';
import { readLinkedUser } from '../sessionUser';

const NOBODY: CognitoUser = { sub: '', username: '', attributes: {} };

/**
 * Tells a linked user one field of their profile or all of it, by the InfoType id the model resolved
 * (src/profileFields.ts), with a Simple card. The guard keeps others out.
 */
// Named explicitly: the name is kept in the session's dialogue state, and a minified bundle renames classes.
@Component({ name: 'ProfileComponent' })
export class ProfileComponent extends BaseComponent {
  @Handle({ intents: ['RequestInfoIntent'], global: true })
  requestInfo() {
    const t = translatorFor(this);
    const title = t('skill.name');
    const requested = this.$entities.infoTypeRequested?.id;
    const field = fieldById(requested);
    const user = readLinkedUser(this.$session.data) ?? NOBODY;
    // No value, or one the model could not resolve to an id this version knows: everything, saying so.
    const answer = field
      ? fieldAnswer(t, field, user, title)
      : fullProfileAnswer(t, user, requested === FULL_PROFILE, title);
    return this.$send(ProfileCardOutput, {
      speech: answer.speech,
      reprompt: speech(t, 'profile.reprompt'),
      title,
      content: answer.card,
    });
  }
}
