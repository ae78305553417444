/**
 * User data spoken by Alexa goes into SSML; a name or email with &, < or > would make the whole
 * response invalid (Alexa then plays an error), so values are escaped before they are spoken.
 */
export function ssmlSafe(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
