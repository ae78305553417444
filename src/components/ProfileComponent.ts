import { BaseComponent, Component, Handle, Intents } from '@jovotech/framework';
import { ProfileCardOutput } from '../output/ProfileCardOutput';
import { ssmlSafe } from '../output/ssml';
import { SessionUserData } from '../sessionUser';

/** The slot type's value IDs (models/*.json, type InfoType): answers branch on IDs, never on words. */
export type InfoType = 'emailAddress' | 'userName' | 'fullProfile';
const INFO_TYPES: InfoType[] = ['emailAddress', 'userName', 'fullProfile'];

/** Tells a linked user their email address, username or full profile. The guard keeps others out. */
@Component()
export class ProfileComponent extends BaseComponent {
  @Handle({ intents: ['RequestInfoIntent'], global: true })
  requestInfo() {
    const requested = this.$entities.infoTypeRequested?.id;
    const infoType = INFO_TYPES.find((type) => type === requested);
    const user = this.$session.data as SessionUserData;
    const name = user.name ?? user.userName ?? this.$t('profile.unknownName');
    const username = user.userName ?? '';
    const email = user.emailAddress;

    const spoken = { name: ssmlSafe(name), username: ssmlSafe(username), email: ssmlSafe(email ?? '') };
    let speech: string;
    let content: string;
    if (infoType === 'emailAddress') {
      speech = email ? this.$t('profile.emailAddress', spoken) : this.$t('profile.noEmail');
      content = this.$t('profile.cardEmail', { email: email ?? this.$t('profile.unknownEmail') });
    } else if (infoType === 'userName') {
      speech = this.$t('profile.userName', spoken);
      content = this.$t('profile.cardUserName', { username });
    } else {
      const profile = this.$t('profile.fullProfile', {
        ...spoken,
        email: email ? spoken.email : this.$t('profile.unknownEmail'),
      });
      // No value, or one the model could not resolve to an ID: answer everything, and say so.
      speech = infoType ? profile : `${this.$t('profile.notSure')} ${profile}`;
      content = [
        this.$t('profile.cardName', { name }),
        this.$t('profile.cardUserName', { username }),
        this.$t('profile.cardEmail', { email: email ?? this.$t('profile.unknownEmail') }),
      ].join('\n');
    }
    return this.$send(ProfileCardOutput, {
      speech,
      reprompt: this.$t('profile.reprompt'),
      title: this.$t('skill.name'),
      content,
    });
  }

  @Intents(['AMAZON.HelpIntent'])
  help() {
    // Help stays open to unlinked users (certification); they need the linking help, not ours.
    const key = this.$session.data.auth === 'linked' ? 'help.profile' : 'help.notLinked';
    return this.$send({ message: this.$t(key), reprompt: this.$t('help.reprompt'), listen: true });
  }
}
