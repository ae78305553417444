/**
 * What people say for each profile field reaches RequestInfoIntent with the right InfoType id, in
 * every language the skill speaks, and does so through a sample utterance of the model word for
 * word (the slot filled with one of the type's values or synonyms): Alexa's statistical matching may
 * be kinder, but a phrase that is a sample is understood for sure. Matched with the Alexa
 * simulator's utterance matcher, then checked against the sample it matched.
 */
import { describe, expect, test } from '@jest/globals';
import { loadInteractionModels } from '@profile-keeper/alexa-simulator/src/interactionModel';
import { understand } from '@profile-keeper/alexa-simulator/src/utterances';
import { join } from 'node:path';
import { SKILL_NAMES } from '../../src/config';

const LOCALES = ['en-US', 'de-DE', 'es-ES'] as const;
const MODELS = loadInteractionModels(
  { dir: join(__dirname, '..', '..', 'models'), invocationName: SKILL_NAMES.invocationName },
  [...LOCALES],
);

const SAID: Record<(typeof LOCALES)[number], [said: string, id: string][]> = {
  'en-US': [
    ['what is my email address', 'emailAddress'],
    ["what's my email", 'emailAddress'],
    ['what email do you have for me', 'emailAddress'],
    ['what is the email address on my account', 'emailAddress'],
    ['do you know my username', 'userName'],
    ['could you tell me my user name', 'userName'],
    ['what are my account details', 'fullProfile'],
    ['read me my profile', 'fullProfile'],
    ['and my email', 'emailAddress'],
  ],
  'de-DE': [
    ['wie ist meine E-Mail-Adresse', 'emailAddress'],
    ['wie ist meine Mailadresse', 'emailAddress'],
    ['was ist meine E-Mail-Adresse', 'emailAddress'],
    ['kannst du mir meine E-Mail-Adresse sagen', 'emailAddress'],
    ['wie ist mein Benutzername', 'userName'],
    ['wie heißt mein Benutzername', 'userName'],
    ['welchen Benutzernamen habe ich', 'userName'],
    ['was sind meine Daten', 'fullProfile'],
    ['zeig mir mein Profil', 'fullProfile'],
    ['und meine E-Mail', 'emailAddress'],
  ],
  'es-ES': [
    ['cuál es mi correo', 'emailAddress'],
    ['cuál es mi correo electrónico', 'emailAddress'],
    ['me dices mi email', 'emailAddress'],
    ['cuál es el correo de mi cuenta', 'emailAddress'],
    ['cuál es mi nombre de usuario', 'userName'],
    ['me puedes decir mi usuario', 'userName'],
    ['cuáles son mis datos', 'fullProfile'],
    ['dime cuál es mi perfil completo', 'fullProfile'],
    ['y mi correo', 'emailAddress'],
  ],
};

describe.each(LOCALES)('in %s', (locale) => {
  const model = MODELS.get(locale)!;

  // A slot sample matches only as a whole, its literal words exactly and the slot with one of the
  // type's values or synonyms: that is "word for word".
  test.each(SAID[locale])('"%s" asks for %s, through a sample word for word', (said, id) => {
    expect(understand(said, model)).toMatchObject({
      kind: 'intent',
      intent: 'RequestInfoIntent',
      matchedBy: 'slot-sample',
      slots: { infoTypeRequested: { resolution: { id } } },
    });
  });
});
