/**
 * What Alexa can play: checks on the SSML of a response, shared by the unit layer (user values)
 * and the request fuzz.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// XML 1.0 characters (https://www.w3.org/TR/xml/#charsets): anything else makes the document invalid.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** A user's value as it can be spoken: without the characters XML does not allow (they have no sound). */
export function speakable(value: string): string {
  return value.replace(new RegExp(NOT_XML_CHAR.source, 'gu'), '');
}

/**
 * The words Alexa speaks from `ssml`, after checking that it is what Alexa can play: one <speak>
 * element holding text only (no other tag, so nothing a user value smuggled in is markup), every
 * `&` an entity, only XML characters. Throws, quoting the SSML, when it is not.
 */
export function spokenText(ssml: string | undefined): string {
  const body = /^<speak>([\s\S]*)<\/speak>$/.exec(ssml ?? '')?.[1];
  if (body === undefined) throw new Error(`not one <speak> element: ${JSON.stringify(ssml)}`);
  if (body.includes('<')) throw new Error(`markup inside <speak>: ${JSON.stringify(ssml)}`);
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(body)) throw new Error(`bare & in SSML: ${JSON.stringify(ssml)}`);
  if (body.includes(']]>')) throw new Error(`"]]>" in SSML text: ${JSON.stringify(ssml)}`);
  if (NOT_XML_CHAR.test(body)) throw new Error(`a character XML does not allow: ${JSON.stringify(ssml)}`);
  return body.replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => ENTITIES[entity]);
}
