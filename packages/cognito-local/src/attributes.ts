/**
 * A user's attributes as an app client may see them. Cognito: an access token lets its user read
 * "any attribute in [the client's] ReadAttributes"; a client without ReadAttributes reads the standard
 * attributes; sub is always there. /oauth2/userInfo further releases attributes by the token's scopes:
 * openid alone, everything readable; profile, the profile attributes; email, email and email_verified;
 * phone, phone_number and phone_number_verified (aws.cognito.signin.user.admin changes nothing).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
 */
import type { AppClient } from './appClients';
import type { PoolUser } from './store';

const PROFILE = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile'];
const PROFILE_MORE = ['picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at'];
const BY_SCOPE: Record<string, string[]> = {
  profile: [...PROFILE, ...PROFILE_MORE],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
};
/** A user pool's standard attributes, as DescribeUserPool lists them in SchemaAttributes. */
export const STANDARD_ATTRIBUTES = ['sub', 'identities', ...Object.values(BY_SCOPE).flat()];

export const isKnownAttribute = (name: string) => STANDARD_ATTRIBUTES.includes(name) || name.startsWith('custom:');

export function readableAttributes(user: PoolUser, client: AppClient): Record<string, string> {
  const readable: Record<string, string> = { sub: user.sub };
  for (const [name, value] of Object.entries(user.attributes)) {
    if (!client.ReadAttributes || client.ReadAttributes.includes(name)) readable[name] = value;
  }
  return readable;
}

/** What /oauth2/userInfo releases for an access token with these scopes (openid is checked by the caller). */
export function releasedByScopes(readable: Record<string, string>, scopes: string[]): Record<string, string> {
  const scoped = scopes.filter((scope) => scope in BY_SCOPE);
  if (scoped.length === 0) return readable;
  const released = new Set(['sub', ...scoped.flatMap((scope) => BY_SCOPE[scope])]);
  return Object.fromEntries(
    Object.entries(readable).filter(
      ([name]) => released.has(name) || (name.startsWith('custom:') && scoped.includes('profile')),
    ),
  );
}

export const attributeList = (attributes: Record<string, string>) =>
  Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

/** SchemaAttributes of DescribeUserPool: the standard attributes with Cognito's types and constraints. */
export function schemaAttributes() {
  return STANDARD_ATTRIBUTES.map((Name) => {
    const type = Name.endsWith('_verified') ? 'Boolean' : Name === 'updated_at' ? 'Number' : 'String';
    const [min, max] = Name === 'sub' ? ['1', '2048'] : Name === 'birthdate' ? ['10', '10'] : ['0', '2048'];
    return {
      Name,
      AttributeDataType: type,
      DeveloperOnlyAttribute: false,
      Mutable: Name !== 'sub',
      Required: Name === 'sub',
      ...(type === 'String' ? { StringAttributeConstraints: { MinLength: min, MaxLength: max } } : {}),
      ...(type === 'Number' ? { NumberAttributeConstraints: { MinValue: '0' } } : {}),
    };
  });
}
