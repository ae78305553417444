/** The parts of an Alexa response a person notices: what is said, the reprompt and the card. */
export interface AlexaResponseEnvelope {
  version?: string;
  sessionAttributes?: Record<string, unknown>;
  response?: {
    outputSpeech?: { type?: string; ssml?: string; text?: string };
    reprompt?: { outputSpeech?: { type?: string; ssml?: string; text?: string } };
    card?: { type: string; title?: string; content?: string; text?: string };
    shouldEndSession?: boolean | null;
    directives?: { type: string }[];
  };
}

export interface CardView {
  type: string;
  title?: string;
  content?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** SSML to the words a listener hears: tags dropped, XML entities decoded, spaces tidied. */
export function ssmlToText(ssml: string | undefined): string {
  if (!ssml) return '';
  return ssml
    .replace(/<break[^>]*>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function spoken(speech?: { ssml?: string; text?: string }): string {
  return speech?.ssml !== undefined ? ssmlToText(speech.ssml) : (speech?.text ?? '').trim();
}

export function speechOf(envelope: AlexaResponseEnvelope): string {
  return spoken(envelope.response?.outputSpeech);
}

export function repromptOf(envelope: AlexaResponseEnvelope): string {
  return spoken(envelope.response?.reprompt?.outputSpeech);
}

/** Simple cards have `content`, Standard cards `text`; LinkAccount cards have neither. */
export function cardOf(envelope: AlexaResponseEnvelope): CardView | undefined {
  const card = envelope.response?.card;
  if (!card) return undefined;
  const content = card.content ?? card.text;
  return {
    type: card.type,
    ...(card.title !== undefined && { title: card.title }),
    ...(content !== undefined && { content }),
  };
}
