import { SKILL_NAMES } from '../../../src/config';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SkillPackageError } from './errors';

/**
 * The interaction model as the simulator needs it: intents with samples and slots, and the values
 * (with ids and synonyms) of each custom slot type. Read from the built skill package
 * (build/platform.alexa/skill-package/interactionModels/custom/<locale>.json, Alexa's format) —
 * what Alexa itself would be given — or, before `npm run build:alexa`, from the Jovo source in
 * models/<locale or lang>.json.
 */
export interface SlotTypeValue {
  id?: string;
  name: string;
  synonyms: string[];
}

export interface ModelSlot {
  name: string;
  type: string;
}

export interface ModelIntent {
  name: string;
  samples: string[];
  slots: ModelSlot[];
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

export interface ModelLocation {
  skillPackageDir: string;
  /** Jovo model sources, used when the skill package has not been built. */
  modelsDir: string;
}

export function isCustomSlotType(type: string): boolean {
  return !type.startsWith('AMAZON.');
}

export function findIntent(model: InteractionModel, name: string): ModelIntent | undefined {
  return model.intents.find((intent) => intent.name === name);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SkillPackageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Locales that have a model: built in the skill package, or with a Jovo source for their language. */
export function availableLocales(location: ModelLocation, wanted: string[]): string[] {
  const builtDir = join(location.skillPackageDir, 'interactionModels', 'custom');
  const built = existsSync(builtDir)
    ? readdirSync(builtDir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => file.replace(/\.json$/, ''))
    : [];
  const fromSources = wanted.filter((locale) => built.includes(locale) || sourceFile(location.modelsDir, locale));
  return [...fromSources, ...built.filter((locale) => !fromSources.includes(locale))];
}

function sourceFile(modelsDir: string, locale: string): string | undefined {
  const candidates = [join(modelsDir, `${locale}.json`), join(modelsDir, `${locale.split('-')[0]}.json`)];
  return candidates.find((path) => existsSync(path));
}

export function loadInteractionModel(location: ModelLocation, locale: string): InteractionModel {
  const built = join(location.skillPackageDir, 'interactionModels', 'custom', `${locale}.json`);
  if (existsSync(built)) return fromAlexaModel(readJson(built), locale, built);
  const source = sourceFile(location.modelsDir, locale);
  if (source) return fromJovoModel(readJson(source), locale, source);
  throw new SkillPackageError(
    `no interaction model for ${locale}: neither ${built} (run \`npm run build:alexa\`) nor ${join(location.modelsDir, `${locale.split('-')[0]}.json`)}`,
  );
}

interface AlexaLanguageModel {
  invocationName?: string;
  intents?: { name: string; samples?: string[]; slots?: { name: string; type: string }[] }[];
  types?: { name: string; values?: { id?: string; name: { value: string; synonyms?: string[] } }[] }[];
}

export function fromAlexaModel(json: unknown, locale: string, source: string): InteractionModel {
  const languageModel = (json as { interactionModel?: { languageModel?: AlexaLanguageModel } }).interactionModel
    ?.languageModel;
  if (!languageModel) throw new SkillPackageError(`${source} has no interactionModel.languageModel`);
  const types: Record<string, SlotTypeValue[]> = {};
  for (const type of languageModel.types ?? []) {
    types[type.name] = (type.values ?? []).map((value) => ({
      id: value.id,
      name: value.name.value,
      synonyms: value.name.synonyms ?? [],
    }));
  }
  return {
    locale,
    invocationName: languageModel.invocationName ?? '',
    intents: (languageModel.intents ?? []).map((intent) => ({
      name: intent.name,
      samples: intent.samples ?? [],
      slots: (intent.slots ?? []).map((slot) => ({ name: slot.name, type: slot.type })),
    })),
    types,
    source,
  };
}

type JovoEntityType = string | { alexa?: string; [platform: string]: unknown };
interface JovoModel {
  invocation?: string | Record<string, string>;
  intents?: Record<string, { phrases?: string[]; entities?: Record<string, { type: JovoEntityType }> }>;
  entityTypes?: Record<string, { values?: (string | { value: string; id?: string; synonyms?: string[] })[] }>;
  alexa?: { interactionModel?: { languageModel?: AlexaLanguageModel } };
}

/**
 * Jovo v4 model format, converted the way `jovo build:platform alexa` does (for the parts used here).
 * The invocation name is app.json's (jovo.project.ts puts it into the built model the same way).
 */
export function fromJovoModel(json: unknown, locale: string, source: string): InteractionModel {
  const model = json as JovoModel;
  const invocation =
    typeof model.invocation === 'string' ? model.invocation : (model.invocation?.alexa ?? SKILL_NAMES.invocationName);
  const intents: ModelIntent[] = Object.entries(model.intents ?? {}).map(([name, intent]) => ({
    name,
    samples: intent.phrases ?? [],
    slots: Object.entries(intent.entities ?? {}).map(([slotName, entity]) => ({
      name: slotName,
      type: typeof entity.type === 'string' ? entity.type : String(entity.type.alexa ?? ''),
    })),
  }));
  const types: Record<string, SlotTypeValue[]> = {};
  for (const [name, type] of Object.entries(model.entityTypes ?? {})) {
    types[name] = (type.values ?? []).map((value) =>
      typeof value === 'string'
        ? { name: value, synonyms: [] }
        : { id: value.id, name: value.value, synonyms: value.synonyms ?? [] },
    );
  }
  // Platform-specific additions (AMAZON.* built-ins, extra types) live under "alexa".
  const extra = model.alexa?.interactionModel?.languageModel ? fromAlexaModel(model.alexa, locale, source) : undefined;
  for (const intent of extra?.intents ?? []) {
    if (!intents.some((existing) => existing.name === intent.name)) intents.push(intent);
  }
  Object.assign(types, extra?.types ?? {});
  return { locale, invocationName: invocation, intents, types, source };
}
