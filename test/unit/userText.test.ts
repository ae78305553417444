/**
 * src/output/ssml.ts and src/output/userText.ts: a user's value is escaped for SSML and never
 * shown to i18next, which would evaluate `$t(...)` and `{{...}}` inside it.
 */
import { describe, expect, test } from '@jest/globals';
import { ssmlSafe } from '../../src/output/ssml';
import { cardText, speech, Translate } from '../../src/output/userText';

describe('ssmlSafe', () => {
  test.each([
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['<audio src="x"/>', '&lt;audio src=&quot;x&quot;/&gt;'],
    ["O'Brien", 'O&apos;Brien'],
    ['&amp;', '&amp;amp;'],
    ['Zoë 😀 李', 'Zoë 😀 李'],
    ['', ''],
  ])('%j becomes %j', (value, escaped) => {
    expect(ssmlSafe(value)).toBe(escaped);
  });

  test('drops characters XML does not allow (control characters, lone surrogates), keeping tab and newline', () => {
    expect(ssmlSafe('a\u0000b\u0008c\u001bd\ud800e\uffffñ\t\n')).toBe('abcdeñ\t\n');
  });
});

/** A stand-in for i18next's t that shows what it was given, and evaluates nothing. */
function recordingT() {
  const seen: Record<string, unknown>[] = [];
  const t: Translate = (key, options = {}) => {
    seen.push(options);
    return `${key}: ${Object.keys(options)
      .map((name) => `[${String(options[name])}]`)
      .join(' ')}`;
  };
  return { t, seen };
}

describe('speech and cardText', () => {
  const values = { name: 'Eve $t(goodbye) {{email}}', email: '<b>&</b>' };

  test('i18next is given opaque markers, never the values', () => {
    const { t, seen } = recordingT();
    speech(t, 'welcome', values);
    cardText(t, 'card', values);
    expect(JSON.stringify(seen)).not.toMatch(/Eve|goodbye|<b>/);
  });

  test('speech puts each value in its place, escaped for SSML', () => {
    expect(speech(recordingT().t, 'welcome', values)).toBe(
      'welcome: [Eve $t(goodbye) {{email}}] [&lt;b&gt;&amp;&lt;/b&gt;]',
    );
  });

  test('a card shows each value as it is', () => {
    expect(cardText(recordingT().t, 'card', values)).toBe('card: [Eve $t(goodbye) {{email}}] [<b>&</b>]');
  });

  test('a value that looks like a marker is not replaced again (one pass)', () => {
    const lookalike = { first: '\uE0001\uE001', second: 'B' };
    expect(cardText(recordingT().t, 'k', lookalike)).toBe('k: [\uE0001\uE001] [B]');
  });

  test('no values: the translation as it is', () => {
    expect(speech(recordingT().t, 'goodbye')).toBe('goodbye: ');
  });
});
