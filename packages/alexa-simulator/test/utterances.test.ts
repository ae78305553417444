import { describe, expect, it } from '@jest/globals';
import { DEFAULT_MODELS_DIR, DEFAULT_SKILL_PACKAGE_DIR } from '../src/config';
import { InteractionModel, loadInteractionModel } from '../src/interactionModel';
import { normalise, understand } from '../src/utterances';

// The project's own model: the built skill package when `npm run build:alexa` has run, else models/.
const location = { skillPackageDir: DEFAULT_SKILL_PACKAGE_DIR, modelsDir: DEFAULT_MODELS_DIR };
const english = loadInteractionModel(location, 'en-US');

function intentOf(text: string, model: InteractionModel = english) {
  const understood = understand(text, model);
  if (understood.kind !== 'intent') throw new Error(`"${text}" was understood as ${understood.kind}`);
  return understood;
}

/** A sample of the intent with exactly one slot placeholder and some words around it. */
function slotSample(model: InteractionModel, intent: string, slot: string): string {
  const sample = model.intents
    .find((candidate) => candidate.name === intent)
    ?.samples.find(
      (text) => text.includes(`{${slot}}`) && text.replace(`{${slot}}`, '').trim().length > 0 && !/\{.*\{/.test(text),
    );
  if (!sample) throw new Error(`${intent} has no sample with {${slot}} and words around it`);
  return sample;
}

describe('understanding what the user says, from the built interaction model', () => {
  it('normalises case, punctuation and typographic apostrophes before matching', () => {
    expect(normalise('  What’s my E-Mail, please?! ')).toBe("what's my e mail please");
  });

  it('opens the skill for "open <invocation name>" and for the invocation name alone', () => {
    expect(understand(`Alexa, open ${english.invocationName}`, english)).toEqual({ kind: 'launch' });
    expect(understand(english.invocationName.toUpperCase(), english)).toEqual({ kind: 'launch' });
  });

  it('hears every sample without slots of every custom intent as that intent', () => {
    for (const intent of english.intents.filter((candidate) => !candidate.name.startsWith('AMAZON.'))) {
      for (const sample of intent.samples.filter((text) => !text.includes('{'))) {
        expect({ sample, intent: intentOf(sample).intent }).toEqual({ sample, intent: intent.name });
      }
    }
  });

  it('resolves every value and synonym of InfoType to its id inside a sample (ER_SUCCESS_MATCH)', () => {
    const sample = slotSample(english, 'RequestInfoIntent', 'infoTypeRequested');
    for (const value of english.types.InfoType) {
      for (const spoken of [value.name, ...value.synonyms]) {
        const understood = intentOf(sample.replace('{infoTypeRequested}', spoken));
        expect(understood.intent).toBe('RequestInfoIntent');
        expect(understood.slots.infoTypeRequested.resolution).toEqual({ id: value.id, name: value.name });
      }
    }
  });

  it('asks "what is my email address" as RequestInfoIntent with emailAddress', () => {
    const understood = intentOf('What is my email address?');
    expect(understood).toMatchObject({ intent: 'RequestInfoIntent', matchedBy: 'slot-sample' });
    expect(understood.slots.infoTypeRequested.resolution?.id).toBe('emailAddress');
  });

  it('fills a value the slot type does not know as ER_SUCCESS_NO_MATCH, as Alexa does', () => {
    const sample = slotSample(english, 'RequestInfoIntent', 'infoTypeRequested');
    const understood = intentOf(sample.replace('{infoTypeRequested}', 'shoe size'));
    expect(understood.intent).toBe('RequestInfoIntent');
    expect(understood.slots.infoTypeRequested).toEqual({ value: 'shoe size', resolution: null });
  });

  it('strips "ask <invocation name>" from one-shot requests', () => {
    const understood = intentOf(`ask ${english.invocationName} what is my email address`);
    expect(understood.slots.infoTypeRequested.resolution?.id).toBe('emailAddress');
  });

  it('knows the AMAZON built-ins by a few words: help, stop, cancel', () => {
    expect(intentOf('help').intent).toBe('AMAZON.HelpIntent');
    expect(intentOf('Alexa, stop!').intent).toBe('AMAZON.StopIntent');
    expect(intentOf('never mind').intent).toBe('AMAZON.CancelIntent');
  });

  it('lets people drop or add filler words: "tell me everything" is the full profile', () => {
    const understood = intentOf('tell me everything');
    expect(understood.intent).toBe('RequestInfoIntent');
    expect(understood.slots.infoTypeRequested.resolution?.id).toBe('fullProfile');
  });

  it('falls back to AMAZON.FallbackIntent for anything else', () => {
    expect(intentOf('order me a pizza with extra cheese').intent).toBe('AMAZON.FallbackIntent');
  });

  it('does not let a sample that is only a slot (plus filler words) swallow unrelated speech', () => {
    expect(intentOf('my shoe size').intent).toBe('AMAZON.FallbackIntent');
  });

  it('ends the session for "exit", without asking the skill', () => {
    expect(understand('exit', english)).toEqual({ kind: 'exit' });
  });

  it('understands German with the German model: "Hilfe" and an InfoType synonym', () => {
    const german = loadInteractionModel(location, 'de-DE');
    expect(intentOf('Hilfe', german).intent).toBe('AMAZON.HelpIntent');
    const sample = slotSample(german, 'RequestInfoIntent', 'infoTypeRequested');
    const value = german.types.InfoType.find((candidate) => candidate.id === 'emailAddress');
    const understood = intentOf(sample.replace('{infoTypeRequested}', value?.synonyms[0] ?? value?.name ?? ''), german);
    expect(understood.slots.infoTypeRequested.resolution?.id).toBe('emailAddress');
  });
});
