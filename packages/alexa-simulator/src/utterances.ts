import { InteractionModel, isCustomSlotType } from './interactionModel';

/**
 * From what the user typed to what Alexa would send, with the interaction model only. Simple on
 * purpose (Alexa's NLU is statistical; this is a deterministic stand-in):
 *  1. Normalise (lower case, punctuation to spaces), drop a wake word. "open|launch|start
 *     <invocation>" (and the German and Spanish forms) or the invocation name alone is a launch;
 *     "ask|tell <invocation> [to|for|about|if] X" is X; "exit" ends the session without the skill.
 *  2. A sample without slots that equals the text is that intent.
 *  3. Else each sample is an anchored pattern: {slot} a lazy wildcard, filler words ("my", "the",
 *     "please"; "mein"; "mi" ...) optional. Captures are resolved against the slot type's values
 *     and synonyms; matches whose custom slots all resolved win (others are sent as
 *     ER_SUCCESS_NO_MATCH, as Alexa does), then the most literal text.
 *  4. AMAZON built-ins by a few words per language when the text is short; else AMAZON.FallbackIntent.
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

export type MatchedBy = 'sample' | 'slot-sample' | 'built-in' | 'fallback';

export type Understanding =
  | { kind: 'launch' }
  | { kind: 'exit' }
  | { kind: 'intent'; intent: string; slots: Record<string, SlotFill>; matchedBy: MatchedBy };

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
const BUILT_IN_WORDS: Record<string, Record<string, string>> = {
  en: {
    'AMAZON.HelpIntent': 'help|help me|what can i say|what can you do',
    'AMAZON.StopIntent': 'stop|shut up|be quiet|off',
    'AMAZON.CancelIntent': 'cancel|never mind|nevermind|forget it',
    'AMAZON.NavigateHomeIntent': 'go home|home',
  },
  de: {
    'AMAZON.HelpIntent': 'hilfe|hilf mir|was kann ich sagen',
    'AMAZON.StopIntent': 'stopp|stop|halt|aufhören|sei still',
    'AMAZON.CancelIntent': 'abbrechen|vergiss es|abbruch',
    'AMAZON.NavigateHomeIntent': 'startseite|nach hause',
  },
  es: {
    'AMAZON.HelpIntent': 'ayuda|ayúdame|qué puedo decir',
    'AMAZON.StopIntent': 'para|detente|stop|basta|parar',
    'AMAZON.CancelIntent': 'cancela|cancelar|olvídalo',
    'AMAZON.NavigateHomeIntent': 'inicio|ir al inicio',
  },
};

export function understand(text: string, model: InteractionModel): Understanding {
  const locale = model.locale;
  let said = normalise(text, locale).replace(new RegExp(`^(${WAKE_WORDS.join('|')}) `), '');
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

/**
 * The best sample: exact text first; else the patterns that match, those whose custom slots all
 * resolved before the others, then the one with the most literal text.
 */
function matchSamples(said: string, model: InteractionModel): Understanding | undefined {
  if (!said) return undefined;
  let best: { understanding: Understanding; allResolved: boolean; literalLength: number } | undefined;
  for (const intent of model.intents) {
    for (const sample of intent.samples) {
      const normalisedSample = normaliseSample(sample, model.locale);
      if (normalisedSample === said) return { kind: 'intent', intent: intent.name, slots: {}, matchedBy: 'sample' };
      const { pattern, slotNames, literalLength } = samplePattern(normalisedSample, model.locale);
      const found = new RegExp(`^${pattern}$`, 'u').exec(said);
      if (!found) continue;
      const slots: Record<string, SlotFill> = {};
      slotNames.forEach((name, index) => {
        const type = intent.slots.find((slot) => slot.name === name)?.type ?? 'AMAZON.SearchQuery';
        slots[name] = fillSlot(model, type, found[index + 1].trim());
      });
      const allResolved = Object.values(slots).every((fill) => fill.resolution !== null);
      // A sample made of slots only must resolve, or it would swallow everything.
      if (literalLength === 0 && !allResolved) continue;
      const matchedBy = slotNames.length > 0 ? 'slot-sample' : 'sample';
      const understanding = { kind: 'intent', intent: intent.name, slots, matchedBy } as const;
      if (!best || (allResolved !== best.allResolved ? allResolved : literalLength > best.literalLength))
        best = { understanding, allResolved, literalLength };
    }
  }
  return best?.understanding;
}

/** The anchored pattern of a sample: {slot} -> lazy capture, filler words optional. */
function samplePattern(normalisedSample: string, locale: string) {
  const fillers = FILLERS[locale.split('-')[0]] ?? [];
  const slotNames: string[] = [];
  let pattern = '';
  let needSpace = false;
  // Only words that must be said count as literal text: "my {slot}" is as greedy as "{slot}".
  let literalLength = 0;
  for (const token of normalisedSample.split(' ')) {
    const slot = /^\{([^{}]+)\}$/.exec(token);
    if (slot) slotNames.push(slot[1]);
    const piece = slot ? '(.+?)' : token.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
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
  const short = said.split(' ').length <= 4;
  const heard = (phrase: string) => said === phrase || (short && ` ${said} `.includes(` ${phrase} `));
  const intents = Object.entries(BUILT_IN_WORDS[locale.split('-')[0]] ?? BUILT_IN_WORDS.en);
  return intents.find(([, phrases]) => phrases.split('|').some(heard))?.[0];
}
