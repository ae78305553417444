/**
 * The profile facts the skill tells, one line each: which Cognito attribute holds it and under which
 * id the interaction model asks for it (models/<language>.json, slot type InfoType). Everything else
 * follows from this list: what GetUser and the access-token claims are read for, what the session
 * keeps, the full profile's sentences and card lines, and what Alexa says the user can ask for. The
 * words live in src/i18n/<language>.json under `infoType.<id>` (askFor, value, missing, label).
 * Adding a fact: docs/add-a-profile-field.md.
 *
 * Plain data, no Jovo: the benchmark's ASK SDK skill and the deploy (the app client's
 * ReadAttributes) import it too.
 */
export interface ProfileField {
  /** The InfoType value id (models/*.json) and the translation block `infoType.<id>`. */
  readonly id: string;
  /** The Cognito user attribute (GetUser's UserAttributes, and the access-token claim of the same name). */
  readonly attribute: string;
  /**
   * The name the user signs in with: when the attribute is unset, Cognito's username stands in,
   * unless the pool generated it (a UUID, in pools that sign in by email or phone number).
   */
  readonly signInName?: boolean;
}

export const PROFILE_FIELDS = [
  { id: 'name', attribute: 'name' },
  { id: 'userName', attribute: 'preferred_username', signInName: true },
  { id: 'emailAddress', attribute: 'email' },
] as const satisfies readonly ProfileField[];

export type ProfileAttribute = (typeof PROFILE_FIELDS)[number]['attribute'];

/** The Cognito attributes the skill reads: the app client must be allowed to read them (ReadAttributes). */
export const PROFILE_ATTRIBUTES: readonly ProfileAttribute[] = PROFILE_FIELDS.map((field) => field.attribute);

/** The InfoType id that asks for every field at once. */
export const FULL_PROFILE = 'fullProfile';

/** A user's attributes, as far as the skill reads them; an unset attribute is absent. */
export type ProfileAttributes = Partial<Record<ProfileAttribute, string>>;

/** What the skill knows about its user: Cognito's sub and username, and the attributes above. */
export interface CognitoUser {
  sub: string;
  username: string;
  attributes: ProfileAttributes;
}

export function isProfileAttribute(name: string): name is ProfileAttribute {
  return (PROFILE_ATTRIBUTES as readonly string[]).includes(name);
}

export function fieldById(id: string | undefined): ProfileField | undefined {
  return PROFILE_FIELDS.find((field) => field.id === id);
}

/** Only the attributes the skill reads, and only those with text in them (Cognito never stores an empty one). */
export function profileAttributesFrom(values: Iterable<[string, unknown]>): ProfileAttributes {
  const attributes: ProfileAttributes = {};
  for (const [name, value] of values) {
    if (isProfileAttribute(name) && typeof value === 'string' && value !== '') attributes[name] = value;
  }
  return attributes;
}

// Cognito makes every username a generated UUID in pools whose users sign in with their email
// address or phone number; such a username means nothing to the user and is never said or shown.
const GENERATED_USERNAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGeneratedUsername(username: string): boolean {
  return GENERATED_USERNAME.test(username);
}

/** The value the skill tells for `field`, or undefined when it has none to tell. */
export function fieldValue(field: ProfileField, user: CognitoUser): string | undefined {
  const value = user.attributes[field.attribute as ProfileAttribute];
  if (value !== undefined) return value;
  if (field.signInName && user.username && !isGeneratedUsername(user.username)) return user.username;
  return undefined;
}

/** What the skill calls the user: their name, else the name they sign in with; never a generated id. */
export function nameOf(user: CognitoUser): string | undefined {
  const signInName = PROFILE_FIELDS.find((field): field is ProfileField & typeof field => 'signInName' in field);
  return user.attributes.name ?? (signInName && fieldValue(signInName, user));
}
