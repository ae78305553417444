/**
 * One source for each profile fact (src/profileFields.ts): the interaction models, the field list
 * and the translation files agree, so adding a field means adding it there and nowhere else. And
 * what the skill calls a user is never a username Cognito generated.
 */
import { describe, expect, test } from '@jest/globals';
import de from '../../models/de.json';
import en from '../../models/en.json';
import es from '../../models/es.json';
import { INFO_TYPE_IDS } from '../../src/infoTypes';
import {
  CognitoUser,
  FULL_PROFILE,
  fieldValue,
  isGeneratedUsername,
  nameOf,
  PROFILE_ATTRIBUTES,
  PROFILE_FIELDS,
} from '../../src/profileFields';
import { LOCALES, translation } from '../support/expectedText';

const idsOf = (model: typeof en) => model.entityTypes.InfoType.values.map((value) => value.id).sort();

describe('the interaction models', () => {
  test('every language offers the same InfoType ids, the ones the skill reads from the model', () => {
    expect(idsOf(de)).toEqual(idsOf(en));
    expect(idsOf(es)).toEqual(idsOf(en));
    expect([...INFO_TYPE_IDS].sort()).toEqual(idsOf(en));
  });

  test('every id the model offers is a profile field or the full profile', () => {
    const known = [...PROFILE_FIELDS.map((field) => field.id), FULL_PROFILE];
    for (const id of INFO_TYPE_IDS) expect(known).toContain(id);
  });
});

describe.each(LOCALES)('the words in %s', (locale) => {
  test('every field has its sentence, its "missing" sentence and its card label', () => {
    for (const { id } of PROFILE_FIELDS) {
      for (const key of ['value', 'missing', 'label'])
        expect(translation(locale, `infoType.${id}.${key}`)).not.toBe('');
    }
  });

  test('every id the model offers has the words users hear in "you can ask for ..."', () => {
    for (const id of INFO_TYPE_IDS) expect(translation(locale, `infoType.${id}.askFor`)).not.toBe('');
  });
});

test('the attributes the skill reads (the app client must be allowed to read them) are the fields’ own', () => {
  expect(PROFILE_ATTRIBUTES).toEqual(PROFILE_FIELDS.map((field) => field.attribute));
  expect(new Set(PROFILE_ATTRIBUTES).size).toBe(PROFILE_ATTRIBUTES.length);
});

describe('a username Cognito generated (pools where users sign in with email or phone number)', () => {
  const uuid = '0b8e6a52-3c1f-4d2e-9a7b-6c5d4e3f2a1b';
  const signInName = PROFILE_FIELDS.find((field) => 'signInName' in field);
  const user = (username: string, attributes: CognitoUser['attributes'] = {}): CognitoUser => ({
    sub: 'sub',
    username,
    attributes,
  });

  test.each([uuid, uuid.toUpperCase()])('%s is recognised as generated', (username) => {
    expect(isGeneratedUsername(username)).toBe(true);
  });

  test.each(['alice', 'alice@example.com', `${uuid}x`, 'x-0b8e6a52-3c1f-4d2e-9a7b-6c5d4e3f2a1b'])(
    '%s is a name the user chose',
    (username) => expect(isGeneratedUsername(username)).toBe(false),
  );

  test('the sign-in name: preferred_username, else a username the user chose, never a generated one', () => {
    expect(signInName && fieldValue(signInName, user(uuid, { preferred_username: 'ali' }))).toBe('ali');
    expect(signInName && fieldValue(signInName, user('alice'))).toBe('alice');
    expect(signInName && fieldValue(signInName, user(uuid))).toBeUndefined();
  });

  test('what the skill calls the user: the name, else the sign-in name, else nothing', () => {
    expect(nameOf(user(uuid, { name: 'Alice', preferred_username: 'ali' }))).toBe('Alice');
    expect(nameOf(user(uuid, { preferred_username: 'ali' }))).toBe('ali');
    expect(nameOf(user(uuid, { email: 'a@example.com' }))).toBeUndefined();
  });
});
