/**
 * Which sample utterance of an Alexa interaction model a phrase is, word for word, with the slots
 * filled by their type's values or synonyms. Stricter than Alexa's NLU on purpose: certification
 * wants the store's example phrases to be sample utterances, and the model tests use it to prove
 * that the words a user says for each profile field are in the model.
 */
export interface LanguageModel {
  invocationName: string;
  intents: { name: string; samples?: string[]; slots?: { name: string; type: string }[] }[];
  types?: { name: string; values: { id?: string; name: { value: string; synonyms?: string[] } }[] }[];
}

export interface SampleMatch {
  intent: string;
  sample: string;
  /** Slot name -> the value id the spoken word resolves to. */
  slotIds: Record<string, string | undefined>;
}

const normalised = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function wordsOfType(model: LanguageModel, typeName: string): Map<string, string | undefined> | undefined {
  const type = model.types?.find((candidate) => candidate.name === typeName);
  if (!type) return undefined; // a built-in type: any words
  const words = new Map<string, string | undefined>();
  for (const { id, name } of type.values)
    for (const word of [name.value, ...(name.synonyms ?? [])]) words.set(normalised(word), id);
  return words;
}

export function matchSample(model: LanguageModel, said: string): SampleMatch | undefined {
  const text = normalised(said);
  for (const intent of model.intents) {
    const slotWords = new Map((intent.slots ?? []).map((slot) => [slot.name, wordsOfType(model, slot.type)]));
    for (const sample of intent.samples ?? []) {
      const slotsInOrder: string[] = [];
      const pattern = normalised(sample)
        .split(/(\{\w+\})/)
        .map((part) => {
          const slot = /^\{(\w+)\}$/.exec(part)?.[1];
          if (!slot) return escapeRegExp(part);
          const original = intent.slots?.find((candidate) => candidate.name.toLowerCase() === slot)?.name ?? slot;
          slotsInOrder.push(original);
          const words = slotWords.get(original);
          return words ? `(${[...words.keys()].map(escapeRegExp).join('|')})` : '(.+?)';
        })
        .join('');
      const match = new RegExp(`^${pattern}$`, 'u').exec(text);
      if (!match) continue;
      const slotIds = Object.fromEntries(
        slotsInOrder.map((slot, index) => [slot, slotWords.get(slot)?.get(match[index + 1])]),
      );
      return { intent: intent.name, sample, slotIds };
    }
  }
  return undefined;
}
