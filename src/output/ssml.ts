// Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets): control characters, lone
// surrogates, U+FFFE/U+FFFF. One of them makes Alexa refuse the whole response, and none has a
// spoken form, so they are dropped.
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * User data spoken by Alexa goes into SSML; a name or email with &, < or > would make the whole
 * response invalid (Alexa then plays an error) or inject markup, so values are escaped before
 * they are spoken. Quotes too: they would end an attribute value.
 */
export function ssmlSafe(value: string): string {
  return value
    .replace(NOT_XML_CHARACTER, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
