import { BaseComponent, Component, Handle } from '@jovotech/framework';
import { ProfileCardOutput } from '../output/ProfileCardOutput';
import { cardText, speech, Translate } from '../output/userText';
import { nameOf, SessionUserData } from '../sessionUser';

/** The slot type's value IDs (models/*.json, type InfoType): answers branch on IDs, never on words. */
export type InfoType = 'emailAddress' | 'userName' | 'fullProfile';
const INFO_TYPES: InfoType[] = ['emailAddress', 'userName', 'fullProfile'];

interface Answer {
  speech: string;
  card: string;
}

function emailAnswer(t: Translate, email: string | undefined): Answer {
  return {
    speech: email ? speech(t, 'profile.emailAddress', { email }) : speech(t, 'profile.noEmail'),
    card: email ? cardText(t, 'profile.cardEmail', { email }) : cardText(t, 'profile.cardNoEmail'),
  };
}

function userNameAnswer(t: Translate, username: string): Answer {
  return {
    speech: speech(t, 'profile.userName', { username }),
    card: cardText(t, 'profile.cardUserName', { username }),
  };
}

function fullProfileAnswer(t: Translate, user: SessionUserData, resolved: boolean): Answer {
  const username = user.userName ?? '';
  const name = nameOf(user);
  const spoken = user.emailAddress
    ? speech(t, 'profile.fullProfile', { name, username, email: user.emailAddress })
    : speech(t, 'profile.fullProfileNoEmail', { name, username });
  return {
    // No value, or one the model could not resolve to an ID: answer everything, and say so.
    speech: resolved ? spoken : `${speech(t, 'profile.notSure')} ${spoken}`,
    card: [
      cardText(t, 'profile.cardName', { name }),
      cardText(t, 'profile.cardUserName', { username }),
      emailAnswer(t, user.emailAddress).card,
    ].join('\n'),
  };
}

/** Tells a linked user their email address, username or full profile. The guard keeps others out. */
// Named explicitly: the name is kept in the session's dialogue state, and a minified bundle renames classes.
@Component({ name: 'ProfileComponent' })
export class ProfileComponent extends BaseComponent {
  @Handle({ intents: ['RequestInfoIntent'], global: true })
  requestInfo() {
    const t = this.$t.bind(this);
    const requested = this.$entities.infoTypeRequested?.id;
    const infoType = INFO_TYPES.find((type) => type === requested);
    const user = this.$session.data as SessionUserData;
    const answer =
      infoType === 'emailAddress'
        ? emailAnswer(t, user.emailAddress)
        : infoType === 'userName'
          ? userNameAnswer(t, user.userName ?? '')
          : fullProfileAnswer(t, user, infoType !== undefined);
    return this.$send(ProfileCardOutput, {
      speech: answer.speech,
      reprompt: speech(t, 'profile.reprompt'),
      title: t('skill.name'),
      content: answer.card,
    });
  }
}
