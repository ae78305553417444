import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InteractionModelError } from './errors';

/**
 * The interaction models as the simulator needs them: intents with samples and slots, and the
 * values (with ids and synonyms) of each custom slot type. Read from one folder holding a file per
 * locale (`en-US.json`) or per language (`en.json`), each either Alexa's interaction-model JSON
 * (what `ask smapi get-interaction-model` returns and a skill package holds) or a Jovo v4 model
 * (a Jovo project's models/ folder), whose invocation name may be given separately.
 */
export interface ModelSource {
  dir: string;
  /** Replaces the models' own (a Jovo project keeps it in its project config, not in models/). */
  invocationName?: string;
}

export interface SlotTypeValue {
  id?: string;
  name: string;
  synonyms: string[];
}

export interface ModelIntent {
  name: string;
  samples: string[];
  slots: { name: string; type: string }[];
}

export interface InteractionModel {
  locale: string;
  invocationName: string;
  intents: ModelIntent[];
  /** Custom slot types by name. AMAZON.* types have no values here: any spoken text fills them. */
  types: Record<string, SlotTypeValue[]>;
  /** The file it was read from (shown on the page). */
  source: string;
}

export const isCustomSlotType = (type: string) => !type.startsWith('AMAZON.');

export function findIntent(model: InteractionModel, name: string): ModelIntent | undefined {
  return model.intents.find((intent) => intent.name === name);
}

/**
 * Every locale's model, read once. Without `locales`, the folder's `<locale>.json` files say which
 * there are; a locale without a file of its own uses its language's (`de-DE` -> `de.json`).
 */
export function loadInteractionModels(source: ModelSource, locales?: string[]): Map<string, InteractionModel> {
  let files: string[];
  try {
    files = readdirSync(source.dir).filter((file) => file.endsWith('.json'));
  } catch {
    throw new InteractionModelError(`no interaction-model folder at ${source.dir}`);
  }
  const wanted =
    locales ?? files.map((file) => basename(file, '.json')).filter((name) => /^[a-z]{2}-[A-Z]{2}$/.test(name));
  if (wanted.length === 0) throw new InteractionModelError(`${source.dir} has no <locale>.json: name the locales`);
  const models = new Map<string, InteractionModel>();
  for (const locale of wanted) {
    const file = [`${locale}.json`, `${locale.split('-')[0]}.json`].find((name) => files.includes(name));
    if (!file) throw new InteractionModelError(`no interaction model for ${locale} in ${source.dir}`);
    models.set(locale, readModel(join(source.dir, file), locale, source.invocationName));
  }
  return models;
}

function readModel(path: string, locale: string, invocationName?: string): InteractionModel {
  const json = readJsonFile<JovoModel & AlexaModel>(path, InteractionModelError);
  const model = json.interactionModel ? fromAlexaModel(json, locale, path) : fromJovoModel(json, locale, path);
  // Given separately, it wins, as a Jovo project's invocation override does at build time.
  if (invocationName) model.invocationName = invocationName;
  if (!model.invocationName) throw new InteractionModelError(`${path} names no invocation name: give it separately`);
  return model;
}

/** A JSON file's content; one that is missing or is not JSON fails with `Failure`, naming the file. */
export function readJsonFile<T>(path: string, Failure: new (message: string) => Error): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Failure(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface AlexaLanguageModel {
  invocationName?: string;
  intents?: { name: string; samples?: string[]; slots?: { name: string; type: string }[] }[];
  types?: { name: string; values?: { id?: string; name: { value: string; synonyms?: string[] } }[] }[];
}
interface AlexaModel {
  interactionModel?: { languageModel?: AlexaLanguageModel };
}

function fromAlexaModel(json: AlexaModel, locale: string, source: string): InteractionModel {
  const languageModel = json.interactionModel?.languageModel;
  if (!languageModel) throw new InteractionModelError(`${source} has no interactionModel.languageModel`);
  const types = Object.fromEntries(
    (languageModel.types ?? []).map((type) => [
      type.name,
      (type.values ?? []).map(({ id, name }) => ({ id, name: name.value, synonyms: name.synonyms ?? [] })),
    ]),
  );
  const intents = (languageModel.intents ?? []).map(({ name, samples, slots }) => ({
    name,
    samples: samples ?? [],
    slots: (slots ?? []).map((slot) => ({ name: slot.name, type: slot.type })),
  }));
  return { locale, invocationName: languageModel.invocationName ?? '', intents, types, source };
}

type JovoEntityType = string | { alexa?: string };
interface JovoModel {
  invocation?: string | { alexa?: string };
  intents?: Record<string, { phrases?: string[]; entities?: Record<string, { type: JovoEntityType }> }>;
  entityTypes?: Record<string, { values?: (string | { value: string; id?: string; synonyms?: string[] })[] }>;
  /** Platform-specific additions (AMAZON.* built-ins, extra types), in Alexa's format. */
  alexa?: AlexaModel;
}

/** Jovo v4 model format, converted as `jovo build:platform alexa` does (for the parts used here). */
function fromJovoModel(json: JovoModel, locale: string, source: string): InteractionModel {
  if (!json.intents) throw new InteractionModelError(`${source} is neither an Alexa nor a Jovo interaction model`);
  const intents: ModelIntent[] = Object.entries(json.intents).map(([name, intent]) => ({
    name,
    samples: intent.phrases ?? [],
    slots: Object.entries(intent.entities ?? {}).map(([slot, { type }]) => ({
      name: slot,
      type: typeof type === 'string' ? type : (type.alexa ?? ''),
    })),
  }));
  const types: Record<string, SlotTypeValue[]> = {};
  for (const [name, type] of Object.entries(json.entityTypes ?? {})) {
    types[name] = (type.values ?? []).map((value) =>
      typeof value === 'string'
        ? { name: value, synonyms: [] }
        : { id: value.id, name: value.value, synonyms: value.synonyms ?? [] },
    );
  }
  const extra = json.alexa?.interactionModel ? fromAlexaModel(json.alexa, locale, source) : undefined;
  intents.push(...(extra?.intents ?? []).filter((intent) => !intents.some((known) => known.name === intent.name)));
  Object.assign(types, extra?.types);
  const invocationName = typeof json.invocation === 'string' ? json.invocation : (json.invocation?.alexa ?? '');
  return { locale, invocationName, intents, types, source };
}
