import { describe, expect, it } from '@jest/globals';
import { JovoModelAlexa } from '@jovotech/model-alexa';
import de from '../../models/de.json';
import en from '../../models/en.json';
import es from '../../models/es.json';
import { SKILL_NAMES } from '../../src/config';
import { INFO_TYPE_IDS } from '../../src/infoTypes';
import { FULL_PROFILE, PROFILE_FIELDS } from '../../src/profileFields';
import { invocationOverrides } from '../../deploy/skillManifest';
import { schemaErrors } from './askSchemas';
import { LanguageModel, matchSample } from './samples';

/**
 * The interaction models (models/<lang>.json) as Alexa will read them, checked in-process: converted
 * with the converter `jovo build:platform` uses (@jovotech/model-alexa), so this file needs no CLI
 * run and shares no build folder with build.test.ts. Held to Amazon's schema and to the rules for
 * invocation names, sample utterances and slot values.
 */
const MODELS: [lang: string, locale: string, model: object][] = [
  ['en', 'en-US', en],
  ['de', 'de-DE', de],
  ['es', 'es-ES', es],
];
const CUSTOM_INTENTS = ['HelloWorldIntent', 'RequestInfoIntent'];
const BUILT_IN_INTENTS = [
  'AMAZON.CancelIntent',
  'AMAZON.FallbackIntent',
  'AMAZON.HelpIntent',
  'AMAZON.NavigateHomeIntent',
  'AMAZON.StopIntent',
];
// Launch phrases, wake words and connecting words Alexa does not accept in an invocation name.
const FORBIDDEN_INVOCATION_WORDS = [
  ...['alexa', 'amazon', 'echo', 'computer', 'skill', 'app'],
  ...['launch', 'ask', 'tell', 'open', 'load', 'begin', 'enable', 'start', 'play', 'run', 'stop', 'cancel'],
];
// Alexa accepts letters, spaces, periods (abbreviations), apostrophes (possessives) and hyphens.
const SAMPLE_CHARACTERS = /^[\p{Ll}' .-]+$/u;

/** What users say for each profile field, per language: the words must reach the skill as that ID. */
const SPOKEN_REQUESTS: Record<string, [said: string, id: string][]> = {
  en: [
    ['what is my email address', 'emailAddress'],
    ["what's my e-mail", 'emailAddress'],
    ['tell me my username', 'userName'],
    ['for my user name', 'userName'],
    ['give me my full profile', 'fullProfile'],
    ['tell me everything you know about me', 'fullProfile'],
  ],
  de: [
    ['was ist meine e-mail-adresse', 'emailAddress'],
    ['nach meiner e-mail-adresse', 'emailAddress'],
    ['sag mir meinen benutzernamen', 'userName'],
    ['nach meinem benutzernamen', 'userName'],
    ['was ist mein profil', 'fullProfile'],
    ['nenne mir alle daten', 'fullProfile'],
  ],
  es: [
    ['cuál es mi correo electrónico', 'emailAddress'],
    ['dime mi email', 'emailAddress'],
    ['por mi nombre de usuario', 'userName'],
    ['cuál es mi usuario', 'userName'],
    ['dame mi perfil completo', 'fullProfile'],
    ['dime todos mis datos', 'fullProfile'],
  ],
};

const normalised = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

function alexaModel(model: object, locale: string): { interactionModel: { languageModel: LanguageModel } } {
  const [file] = JovoModelAlexa.fromJovoModel(model as never, locale);
  return file.content as { interactionModel: { languageModel: LanguageModel } };
}

describe.each(MODELS)('interaction model %s (%s)', (lang, locale, source) => {
  // The invocation name comes from app.json, merged in as `jovo build` does (jovo.project.ts).
  const built = alexaModel({ ...source, ...invocationOverrides(SKILL_NAMES)[lang] }, locale);
  const model = built.interactionModel.languageModel;
  const intent = (name: string) => model.intents.find((candidate) => candidate.name === name);

  it('passes the Skill Management API schema for interaction models', () => {
    expect(schemaErrors('interaction model', built)).toEqual([]);
  });

  it('is opened with a valid invocation name: lower case, two or more words, no launch or wake words', () => {
    expect(model.invocationName).toBe(SKILL_NAMES.invocationName);
    expect(model.invocationName).toMatch(/^[a-z]+( [a-z]+)+$/);
    for (const word of model.invocationName.split(' ')) {
      expect(FORBIDDEN_INVOCATION_WORDS).not.toContain(word);
    }
  });

  it('has the custom intents with at least 8 distinct samples each, written the way Alexa accepts', () => {
    const custom = model.intents.filter((candidate) => !candidate.name.startsWith('AMAZON.'));
    expect(custom.map((candidate) => candidate.name).sort()).toEqual(CUSTOM_INTENTS);
    const intentOfSample = new Map<string, string>();
    for (const { name, samples = [], slots = [] } of custom) {
      expect(new Set(samples.map(normalised)).size).toBeGreaterThanOrEqual(8);
      for (const sample of samples) {
        // The same sample in two intents is a build error in the developer console.
        expect({ sample, intent: intentOfSample.get(normalised(sample)) ?? name }).toEqual({ sample, intent: name });
        intentOfSample.set(normalised(sample), name);
        for (const [, slot] of sample.matchAll(/\{(\w+)\}/g)) expect(slots.map((s) => s.name)).toContain(slot);
        const words = sample.replace(/\{\w+\}/g, ' ').trim();
        if (words) expect(words).toMatch(SAMPLE_CHARACTERS);
      }
    }
  });

  it('asks for a profile field only with samples that name the field', () => {
    // A RequestInfoIntent sample without the slot makes the skill guess ("I'm not sure what you asked for").
    for (const sample of intent('RequestInfoIntent')?.samples ?? []) expect(sample).toContain('{infoTypeRequested}');
    expect(intent('RequestInfoIntent')?.slots).toEqual([{ name: 'infoTypeRequested', type: 'InfoType' }]);
  });

  it('gives InfoType only IDs the skill answers by (a profile field, or the full profile), each word standing for one ID only', () => {
    const values = model.types?.find((type) => type.name === 'InfoType')?.values ?? [];
    const answered = [...PROFILE_FIELDS.map((field) => field.id as string), FULL_PROFILE];
    for (const { id } of values) expect(answered).toContain(id);
    // Every language offers what en.json offers: the skill's list of askable ids comes from en.json.
    expect(values.map((value) => value.id).sort()).toEqual([...INFO_TYPE_IDS].sort());
    const idOfWord = new Map<string, string | undefined>();
    for (const { id, name } of values) {
      expect(name.synonyms?.length).toBeGreaterThanOrEqual(3);
      for (const word of [name.value, ...(name.synonyms ?? [])]) {
        expect({ word, id: idOfWord.get(normalised(word)) ?? id }).toEqual({ word, id });
        idOfWord.set(normalised(word), id);
        expect(word).toMatch(SAMPLE_CHARACTERS);
      }
    }
  });

  it.each(SPOKEN_REQUESTS[lang])('hears "%s" as a request for %s', (said, id) => {
    expect(matchSample(model, said)).toMatchObject({ intent: 'RequestInfoIntent', slotIds: { infoTypeRequested: id } });
  });

  it('keeps the built-in intents Alexa certification expects', () => {
    const builtIns = model.intents.filter((candidate) => candidate.name.startsWith('AMAZON.'));
    expect(builtIns.map((candidate) => candidate.name).sort()).toEqual(BUILT_IN_INTENTS);
  });
});
