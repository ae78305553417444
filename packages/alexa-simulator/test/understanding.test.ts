import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { InteractionModelError } from '../src/errors';
import { InteractionModel, loadInteractionModels } from '../src/interactionModel';
import { normalise, understand } from '../src/utterances';

/** A small café skill: Alexa's format for en-US, Jovo's for German (its invocation name given separately). */
const ALEXA_MODELS = join(__dirname, 'fixtures', 'alexa');
const JOVO_MODELS = join(__dirname, 'fixtures', 'jovo');
const english = loadInteractionModels({ dir: ALEXA_MODELS }).get('en-US') as InteractionModel;

function intentOf(text: string, model = english) {
  const understood = understand(text, model);
  if (understood.kind !== 'intent') throw new Error(`"${text}" was understood as ${understood.kind}`);
  return understood;
}

describe('reading interaction models from a folder', () => {
  it("takes the locales from Alexa's <locale>.json files, with their invocation name", () => {
    const models = loadInteractionModels({ dir: ALEXA_MODELS });
    expect([...models.keys()]).toEqual(['en-US']);
    expect(english.invocationName).toBe('corner cafe');
    expect(english.types.Drink).toContainEqual({ id: 'TEA', name: 'tea', synonyms: ['chai'] });
  });

  it("reads a Jovo project's models/ for each locale of a language, its built-ins included", () => {
    const models = loadInteractionModels({ dir: JOVO_MODELS, invocationName: 'eckcafe' }, ['de-DE', 'de-AT']);
    const german = models.get('de-AT') as InteractionModel;
    expect(german).toMatchObject({ locale: 'de-AT', invocationName: 'eckcafe' });
    expect(german.intents.map((intent) => intent.name)).toEqual([
      'OrderIntent',
      'StatusIntent',
      'AMAZON.HelpIntent',
      'AMAZON.StopIntent',
    ]);
    expect(german.types.Drink[0]).toEqual({ id: 'COFFEE', name: 'Kaffee', synonyms: ['Espresso'] });
  });

  it('says which locale has no model, and when a model names no invocation name', () => {
    expect(() => loadInteractionModels({ dir: ALEXA_MODELS }, ['fr-FR'])).toThrow(
      new InteractionModelError(`no interaction model for fr-FR in ${ALEXA_MODELS}`),
    );
    expect(() => loadInteractionModels({ dir: JOVO_MODELS }, ['de-DE'])).toThrow(/names no invocation name/);
    expect(() => loadInteractionModels({ dir: join(JOVO_MODELS, 'missing') })).toThrow(InteractionModelError);
  });
});

describe('understanding what the user says', () => {
  it('normalises case, punctuation and typographic apostrophes before matching', () => {
    expect(normalise('  What’s my E-Mail, please?! ')).toBe("what's my e mail please");
  });

  it('opens the skill for "open <invocation name>" and for the invocation name alone', () => {
    expect(understand('Alexa, open Corner Cafe!', english)).toEqual({ kind: 'launch' });
    expect(understand('corner cafe', english)).toEqual({ kind: 'launch' });
  });

  it('hears a sample without slots as its intent', () => {
    expect(intentOf('Where is my order?')).toMatchObject({ intent: 'StatusIntent', matchedBy: 'sample' });
  });

  it('resolves a custom slot by value, synonym or id to the canonical value (ER_SUCCESS_MATCH)', () => {
    for (const said of ['coffee', 'a flat white', 'COFFEE']) {
      const understood = intentOf(`order a ${said.replace(/^a /, '')}`);
      expect(understood).toMatchObject({ intent: 'OrderIntent', matchedBy: 'slot-sample' });
      expect(understood.slots.drink.resolution).toEqual({ id: 'COFFEE', name: 'coffee' });
    }
  });

  it('fills an AMAZON slot type with what was said, without entity resolution', () => {
    const understood = intentOf('a chai at five pm');
    expect(understood.slots).toEqual({
      drink: { value: 'chai', resolution: { id: 'TEA', name: 'tea' } },
      when: { value: 'five pm' },
    });
  });

  it('sends a value the slot type does not know as ER_SUCCESS_NO_MATCH, as Alexa does', () => {
    expect(intentOf('order a milkshake').slots.drink).toEqual({ value: 'milkshake', resolution: null });
  });

  it('lets people drop filler words: "i would like coffee" is the sample with "a" and "please"', () => {
    expect(intentOf('I would like coffee').slots.drink.resolution?.id).toBe('COFFEE');
  });

  it('strips "ask <invocation name> to" from one-shot requests', () => {
    expect(intentOf('ask corner cafe to order a tea').slots.drink.resolution?.id).toBe('TEA');
  });

  it('does not let a sample that is only a slot swallow unrelated speech', () => {
    expect(intentOf('espresso').intent).toBe('OrderIntent');
    expect(intentOf('tell me a joke').intent).toBe('AMAZON.FallbackIntent');
    expect(intentOf('my shoe size').intent).toBe('AMAZON.FallbackIntent');
  });

  it('knows the AMAZON built-ins by a few words, and ends the session for "exit" without asking the skill', () => {
    expect(intentOf('help').intent).toBe('AMAZON.HelpIntent');
    expect(intentOf('Alexa, stop!').intent).toBe('AMAZON.StopIntent');
    expect(intentOf('never mind').intent).toBe('AMAZON.CancelIntent');
    expect(understand('exit', english)).toEqual({ kind: 'exit' });
  });

  it('understands German with the German model: "Hilfe" and a synonym with fillers left out', () => {
    const german = loadInteractionModels({ dir: JOVO_MODELS, invocationName: 'eckcafe' }, ['de-DE']).get('de-DE');
    expect(intentOf('Hilfe', german).intent).toBe('AMAZON.HelpIntent');
    expect(understand('öffne eckcafe', german as InteractionModel)).toEqual({ kind: 'launch' });
    expect(intentOf('ich möchte einen Espresso', german).slots.drink.resolution).toEqual({
      id: 'COFFEE',
      name: 'Kaffee',
    });
  });
});
