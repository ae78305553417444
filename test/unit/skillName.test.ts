/**
 * The skill's name comes from one place (app.json's `skill`, passed in through the config): renamed
 * there, every answer that names the skill says the new name, escaped for SSML when spoken and as
 * written on cards. The built skill package is checked for the same rename in test/deploy.
 */
import { describe, expect, test } from '@jest/globals';
import { AlexaResponse } from '../support/conversation';
import { spokenText } from '../support/ssml';
import { LOCALES, translation } from '../support/expectedText';
import { unitSkill } from './support/unitSkill';

const NAMES = { name: 'Account Helper & Co', invocationName: 'account helper' };
const skill = unitSkill({ skillNames: NAMES });
const ssmlOf = (response: AlexaResponse) => response.response.outputSpeech?.ssml ?? '';

describe.each(LOCALES)('renamed in app.json, in %s', (locale) => {
  test('an unlinked launch welcomes the user to the new name, escaped in the SSML', async () => {
    const response = await skill.talk('not linked', locale).launch();
    expect(ssmlOf(response)).toContain('Account Helper &amp; Co');
    expect(spokenText(ssmlOf(response))).toBe(
      translation(locale, 'linking.launch').replace('$t(skill.spokenName)', NAMES.name),
    );
    expect(spokenText(ssmlOf(response))).not.toContain('Profile Keeper');
  });

  test('help for an unlinked user names the new skill where to find it in the Alexa app', async () => {
    const response = await skill.talk('not linked', locale).ask('AMAZON.HelpIntent');
    expect(spokenText(ssmlOf(response))).toBe(
      translation(locale, 'help.notLinked').replaceAll('$t(skill.spokenName)', NAMES.name),
    );
  });

  test('the profile card carries the new name as its title, unescaped', async () => {
    const response = await skill
      .talk('linked', locale)
      .ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    expect(response.response.card?.title).toBe(NAMES.name);
  });
});
