/**
 * User data spoken by Alexa goes into SSML; a name or email with &, < or > would make the whole
 * response invalid (Alexa then plays an error) or inject markup, so values are escaped before
 * they are spoken. Quotes too: they would end an attribute value.
 */
export function ssmlSafe(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
