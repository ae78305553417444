/**
 * What people say for each profile field reaches RequestInfoIntent with the right InfoType id, in
 * every language the skill speaks, and does so through a sample utterance of the model word for
 * word (the slot filled with one of the type's values or synonyms): Alexa's statistical matching may
 * be kinder, but a phrase that is a sample is understood for sure. Matched with the Alexa
 * simulator's utterance matcher, then checked against the sample it matched.
 */
import { describe, expect, test } from '@jest/globals';
import { fromJovoModel } from '@profile-keeper/alexa-simulator/src/interactionModel';
import { normalise, understand } from '@profile-keeper/alexa-simulator/src/utterances';
import de from '../../models/de.json';
import en from '../../models/en.json';
import es from '../../models/es.json';

const MODELS = { 'en-US': en, 'de-DE': de, 'es-ES': es };

const SAID: Record<keyof typeof MODELS, [said: string, id: string][]> = {
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

describe.each(Object.keys(MODELS) as (keyof typeof MODELS)[])('in %s', (locale) => {
  const model = fromJovoModel(MODELS[locale], locale, `models/${locale.split('-')[0]}.json`);

  test.each(SAID[locale])('"%s" asks for %s, through a sample word for word', (said, id) => {
    const understood = understand(said, model);
    expect(understood).toMatchObject({
      kind: 'intent',
      intent: 'RequestInfoIntent',
      slots: { infoTypeRequested: { resolution: { id } } },
    });
    if (understood.kind !== 'intent') return;
    const filled = (understood.sample ?? '').replace('{infoTypeRequested}', understood.slots.infoTypeRequested.value);
    expect(normalise(filled, locale)).toBe(normalise(said, locale));
  });
});
