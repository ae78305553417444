/**
 * Admin* operations on users, which in AWS need IAM credentials (SigV4). Locally only the developer's
 * own machine may call them (server.ts); every other rule (pool id, user exists, attributes, password
 * policy) answers as Cognito does. In a pool whose UsernameAttributes is [email], users are named by
 * email in requests and get a UUID (their sub) as username, as in Cognito.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiInput, attributeList, checkUserPool, optional, requiredString } from './apiInput';
import { attributeList as toAttributeList, isKnownAttribute } from './appClients';
import { InvalidParameterException, MESSAGES, UserNotFoundException, UsernameExistsException } from './errors';
import { checkPasswordPolicy, hashPassword } from './passwords';
import { IdentityStore, PoolUser } from './store';

type Context = { store: IdentityStore };
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function adminCreateUser(input: ApiInput, { store }: Context) {
  checkUserPool(store, input);
  const name = requiredString(input, 'Username');
  const attributes: Record<string, string> = {};
  for (const { Name, Value } of attributeList(input, 'UserAttributes')) {
    if (Name === 'sub') throw new InvalidParameterException('Cannot modify an immutable attribute: sub');
    const schemaError = `Attributes did not conform to the schema: ${Name}: Attribute does not exist in the schema.`;
    if (!isKnownAttribute(Name)) throw new InvalidParameterException(schemaError);
    attributes[Name] = Value ?? '';
  }
  const sub = randomUUID();
  if (store.emailIsUsername) {
    if (!EMAIL.test(name)) throw new InvalidParameterException('Username should be an email.');
    if (store.user(name)) throw new UsernameExistsException('An account with the given email already exists.');
    attributes.email = name;
  } else if (store.user(name)) {
    throw new UsernameExistsException('User account already exists');
  }
  const password = optional(input, 'TemporaryPassword', 'string') ?? `Tmp-${randomBytes(9).toString('base64url')}1a!`;
  checkPasswordPolicy(password);
  const username = store.emailIsUsername ? sub : name;
  const passwordHash = await hashPassword(password);
  const now = Date.now();
  const user: PoolUser = {
    username,
    sub,
    passwordHash,
    enabled: true,
    attributes,
    createdAt: now,
    updatedAt: now,
    status: 'FORCE_CHANGE_PASSWORD',
  };
  store.putUser(user);
  // No invitation message is sent locally (as with MessageAction SUPPRESS).
  const { UserAttributes: Attributes, ...userType } = adminUserView(user);
  return { User: { ...userType, Attributes } };
}

export async function adminSetUserPassword(input: ApiInput, { store }: Context) {
  const user = existingUser(store, input);
  const password = requiredString(input, 'Password');
  checkPasswordPolicy(password);
  const status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  store.putUser({ ...user, passwordHash: await hashPassword(password), status, updatedAt: Date.now() });
  return {};
}

export const adminGetUser = async (input: ApiInput, { store }: Context) => adminUserView(existingUser(store, input));

export async function adminDeleteUser(input: ApiInput, { store }: Context) {
  store.deleteUser(existingUser(store, input).username);
  return {};
}

/** Cognito: "Deactivates a user and revokes all access tokens for the user." */
export async function adminDisableUser(input: ApiInput, { store }: Context) {
  const user = existingUser(store, input);
  store.putUser({ ...user, enabled: false, updatedAt: Date.now() });
  store.revokeSessionsOf(user.username);
  return {};
}

export async function adminEnableUser(input: ApiInput, { store }: Context) {
  store.putUser({ ...existingUser(store, input), enabled: true, updatedAt: Date.now() });
  return {};
}

export async function adminUserGlobalSignOut(input: ApiInput, { store }: Context) {
  store.revokeSessionsOf(existingUser(store, input).username);
  return {};
}

function existingUser(store: IdentityStore, input: ApiInput): PoolUser {
  checkUserPool(store, input);
  const user = store.user(requiredString(input, 'Username'));
  if (!user) throw new UserNotFoundException(MESSAGES.userNotFound);
  return user;
}

/** AWS JSON timestamps are epoch seconds. */
function adminUserView(user: PoolUser) {
  return {
    Username: user.username,
    UserAttributes: toAttributeList({ sub: user.sub, ...user.attributes }),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.updatedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}
