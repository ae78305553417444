import { findIntent, InteractionModel, isCustomSlotType } from './interactionModel';

/**
 * From what the user typed to what Alexa would send, using only the built interaction model.
 *
 * The algorithm (simple on purpose — Alexa's NLU is statistical, this is a deterministic stand-in):
 *  1. Normalise: lower case, typographic apostrophes to ', every other character that is not a
 *     letter, digit or apostrophe becomes a space, spaces collapsed. A leading wake word ("alexa")
 *     is dropped. "open|launch|start <invocation>" (and the German and Spanish forms), or the
 *     invocation name alone, is a launch; "ask|tell <invocation> [to|for|about|if] X" is X.
 *     "exit" (and its translations) ends the session, as Alexa does without asking the skill.
 *  2. Exact sample: the text equals a normalised sample without slots -> that intent.
 *  3. Sample pattern: each sample becomes an anchored pattern, each {slot} a lazy wildcard and each
 *     filler word ("my", "me", "the", "please"; "mein", "mir"; "mi", "el" ...) optional. A
 *     capture is resolved against the slot type's values and synonyms (normalised). Matches where
 *     every custom slot resolved win over matches with an unresolved value (sent as
 *     ER_SUCCESS_NO_MATCH, as Alexa does); ties go to the sample with the most literal text.
 *     A sample made of slots only must resolve to count (else it would swallow everything).
 *  4. AMAZON built-ins by a few words per language ("help", "stop", "cancel", "go home" ...) when the
 *     text is short (<= 4 words) and contains one of them.
 *  5. Otherwise AMAZON.FallbackIntent.
 */
export interface SlotResolution {
  id?: string;
  name: string;
}

export interface SlotFill {
  /** What the user said, as Alexa puts it in slots.<name>.value. */
  value: string;
  /** Custom slot types only: the matched value, or null for ER_SUCCESS_NO_MATCH. */
  resolution?: SlotResolution | null;
}

export type MatchedBy = 'sample' | 'slot-sample' | 'built-in' | 'fallback' | 'picker';

export type Understanding =
  | { kind: 'launch' }
  | { kind: 'exit' }
  | { kind: 'intent'; intent: string; slots: Record<string, SlotFill>; matchedBy: MatchedBy; sample?: string };

export function normalise(text: string, locale = 'en-US'): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase(locale)
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .replace(/(^|\s)'+|'+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const WAKE_WORDS = ['alexa', 'echo', 'computer'];
const LAUNCH_VERBS = ['open', 'launch', 'start', 'begin', 'öffne', 'starte', 'abre', 'inicia', 'abrir', 'iniciar'];
const ASK_VERBS = ['ask', 'tell', 'frag', 'frage', 'sage', 'pregunta', 'pide', 'dile'];
const CONNECTORS = ['to', 'for', 'about', 'if', 'whether', 'nach', 'ob', 'a', 'por', 'si', 'que'];
const EXIT_WORDS = ['exit', 'quit', 'beenden', 'verlassen', 'salir', 'sal'];
/** Words people drop or add without changing what they ask for ("tell me everything"). */
const FILLERS: Record<string, string[]> = {
  en: ['my', 'me', 'the', 'a', 'an', 'please'],
  de: ['mein', 'meine', 'meinen', 'meiner', 'mir', 'der', 'die', 'das', 'bitte'],
  es: ['mi', 'mis', 'me', 'el', 'la', 'los', 'las'],
};

/** Built-in intents every custom skill has, recognised by a few words in each language. */
const BUILT_IN_WORDS: Record<string, Record<string, string[]>> = {
  en: {
    'AMAZON.HelpIntent': ['help', 'help me', 'what can i say', 'what can you do'],
    'AMAZON.StopIntent': ['stop', 'shut up', 'be quiet', 'off'],
    'AMAZON.CancelIntent': ['cancel', 'never mind', 'nevermind', 'forget it'],
    'AMAZON.NavigateHomeIntent': ['go home', 'home'],
  },
  de: {
    'AMAZON.HelpIntent': ['hilfe', 'hilf mir', 'was kann ich sagen'],
    'AMAZON.StopIntent': ['stopp', 'stop', 'halt', 'aufhören', 'sei still'],
    'AMAZON.CancelIntent': ['abbrechen', 'vergiss es', 'abbruch'],
    'AMAZON.NavigateHomeIntent': ['startseite', 'nach hause'],
  },
  es: {
    'AMAZON.HelpIntent': ['ayuda', 'ayúdame', 'qué puedo decir'],
    'AMAZON.StopIntent': ['para', 'detente', 'stop', 'basta', 'parar'],
    'AMAZON.CancelIntent': ['cancela', 'cancelar', 'olvídalo'],
    'AMAZON.NavigateHomeIntent': ['inicio', 'ir al inicio'],
  },
};

export function understand(text: string, model: InteractionModel): Understanding {
  const locale = model.locale;
  let said = stripWakeWord(normalise(text, locale));
  const invocation = normalise(model.invocationName, locale);
  if (invocation) {
    if (said === invocation || LAUNCH_VERBS.some((verb) => said === `${verb} ${invocation}`)) return { kind: 'launch' };
    const asked = ASK_VERBS.map((verb) => `${verb} ${invocation} `).find((prefix) => said.startsWith(prefix));
    if (asked) said = said.slice(asked.length);
  }
  if (EXIT_WORDS.includes(said)) return { kind: 'exit' };

  const match = matchSamples(said, model);
  if (match) return match;
  // "ask profile keeper for my email": the connector may belong to the request, or not.
  const firstWord = said.split(' ')[0];
  if (CONNECTORS.includes(firstWord)) {
    const withoutConnector = matchSamples(said.slice(firstWord.length + 1), model);
    if (withoutConnector) return withoutConnector;
  }
  const builtIn = matchBuiltIn(said, locale);
  if (builtIn) return { kind: 'intent', intent: builtIn, slots: {}, matchedBy: 'built-in' };
  return { kind: 'intent', intent: 'AMAZON.FallbackIntent', slots: {}, matchedBy: 'fallback' };
}

/** A sample with its {slot} placeholders kept verbatim (slot names are case-sensitive). */
function normaliseSample(sample: string, locale: string): string {
  return sample
    .split(/(\{[^{}]+\})/)
    .map((part) => (/^\{[^{}]+\}$/.test(part) ? ` ${part} ` : normalise(part, locale)))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function stripWakeWord(said: string): string {
  const first = said.split(' ')[0];
  return WAKE_WORDS.includes(first) ? said.slice(first.length).trim() : said;
}

interface Candidate {
  understanding: Understanding & { kind: 'intent' };
  allResolved: boolean;
  literalLength: number;
}

function matchSamples(said: string, model: InteractionModel): Understanding | undefined {
  if (!said) return undefined;
  let best: Candidate | undefined;
  for (const intent of model.intents) {
    for (const sample of intent.samples) {
      const normalisedSample = normaliseSample(sample, model.locale);
      if (normalisedSample === said) {
        return { kind: 'intent', intent: intent.name, slots: {}, matchedBy: 'sample', sample };
      }
      const candidate = matchSamplePattern(said, normalisedSample, sample, intent.name, model);
      if (candidate && (!best || better(candidate, best))) best = candidate;
    }
  }
  return best?.understanding;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.allResolved !== b.allResolved) return a.allResolved;
  return a.literalLength > b.literalLength;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

function matchSamplePattern(
  said: string,
  normalisedSample: string,
  sample: string,
  intentName: string,
  model: InteractionModel,
): Candidate | undefined {
  const { pattern, slotNames, literalLength } = samplePattern(normalisedSample, model.locale);
  const found = new RegExp(`^${pattern}$`, 'u').exec(said);
  if (!found) return undefined;
  const intent = findIntent(model, intentName);
  const slots: Record<string, SlotFill> = {};
  let allResolved = true;
  slotNames.forEach((name, index) => {
    const type = intent?.slots.find((slot) => slot.name === name)?.type ?? 'AMAZON.SearchQuery';
    const fill = fillSlot(model, type, found[index + 1].trim());
    if (fill.resolution === null) allResolved = false;
    slots[name] = fill;
  });
  if (literalLength === 0 && !allResolved) return undefined;
  return {
    understanding: {
      kind: 'intent',
      intent: intentName,
      slots,
      matchedBy: slotNames.length > 0 ? 'slot-sample' : 'sample',
      sample,
    },
    allResolved,
    literalLength,
  };
}

/** The anchored pattern of a sample: {slot} -> lazy capture, filler words optional. */
function samplePattern(
  normalisedSample: string,
  locale: string,
): { pattern: string; slotNames: string[]; literalLength: number } {
  const fillers = FILLERS[locale.split('-')[0]] ?? [];
  const slotNames: string[] = [];
  let pattern = '';
  let needSpace = false;
  // Only words that must be said count as literal text: "my {slot}" is as greedy as "{slot}".
  let literalLength = 0;
  for (const token of normalisedSample.split(' ')) {
    const slot = /^\{([^{}]+)\}$/.exec(token);
    if (slot) slotNames.push(slot[1]);
    const piece = slot ? '(.+?)' : escapeRegExp(token);
    if (!slot && fillers.includes(token)) {
      pattern += needSpace ? `(?: ${piece})?` : `(?:${piece} )?`;
      continue;
    }
    pattern += (needSpace ? ' ' : '') + piece;
    needSpace = true;
    if (!slot) literalLength += token.length;
  }
  return { pattern, slotNames, literalLength };
}

/** A slot value as Alexa fills it: custom types get entity resolution, AMAZON.* types do not. */
export function fillSlot(model: InteractionModel, type: string, spoken: string): SlotFill {
  if (!isCustomSlotType(type)) return { value: spoken };
  return { value: spoken, resolution: resolveSlotValue(model, type, spoken) };
}

/** The value of a custom slot type whose name, synonym or id equals what was said, or null. */
export function resolveSlotValue(model: InteractionModel, type: string, spoken: string): SlotResolution | null {
  const said = normalise(spoken, model.locale);
  for (const value of model.types[type] ?? []) {
    const names = [value.name, ...value.synonyms].map((name) => normalise(name, model.locale));
    if (names.includes(said) || (value.id && value.id.toLowerCase() === said.replace(/\s/g, ''))) {
      return { id: value.id, name: value.name };
    }
  }
  return null;
}

function matchBuiltIn(said: string, locale: string): string | undefined {
  const words = BUILT_IN_WORDS[locale.split('-')[0]] ?? BUILT_IN_WORDS.en;
  const padded = ` ${said} `;
  const short = said.split(' ').length <= 4;
  for (const [intent, phrases] of Object.entries(words)) {
    if (phrases.some((phrase) => said === phrase || (short && padded.includes(` ${phrase} `)))) return intent;
  }
  return undefined;
}
