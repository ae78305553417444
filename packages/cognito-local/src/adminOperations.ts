/**
 * Admin* operations, which in AWS need IAM credentials (SigV4). Locally any credentials are accepted —
 * the service listens on loopback only — but every other rule (pool id, user exists, password policy)
 * answers as Cognito does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiInput, attributeList, checkUserPool, optionalString, requiredString } from './apiInput';
import { attributesOf } from './authFlows';
import { InvalidParameterException, MESSAGES, UserNotFoundException, UsernameExistsException } from './errors';
import { checkPasswordPolicy, hashPassword } from './passwords';
import { IdentityStore, PoolUser } from './store';

export async function adminCreateUser(input: ApiInput, store: IdentityStore) {
  checkUserPool(store, input);
  const username = requiredString(input, 'Username');
  if (store.user(username)) throw new UsernameExistsException('User account already exists');
  const attributes: Record<string, string> = {};
  for (const { Name, Value } of attributeList(input, 'UserAttributes')) {
    if (Name === 'sub') throw new InvalidParameterException('Cannot modify an immutable attribute: sub');
    attributes[Name] = Value ?? '';
  }
  const temporaryPassword = optionalString(input, 'TemporaryPassword') ?? generatedTemporaryPassword();
  checkPasswordPolicy(temporaryPassword);
  const now = Date.now();
  const user: PoolUser = {
    username,
    sub: randomUUID(),
    passwordHash: await hashPassword(temporaryPassword),
    enabled: true,
    status: 'FORCE_CHANGE_PASSWORD',
    attributes,
    createdAt: now,
    updatedAt: now,
  };
  store.putUser(user);
  // No invitation message is sent locally (as with MessageAction SUPPRESS).
  const { UserAttributes, ...userType } = adminUserView(user);
  return { User: { ...userType, Attributes: UserAttributes } };
}

export async function adminSetUserPassword(input: ApiInput, store: IdentityStore) {
  checkUserPool(store, input);
  const user = existingUser(store, requiredString(input, 'Username'));
  const password = requiredString(input, 'Password');
  checkPasswordPolicy(password);
  const status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  store.putUser({ ...user, passwordHash: await hashPassword(password), status, updatedAt: Date.now() });
  return {};
}

export async function adminGetUser(input: ApiInput, store: IdentityStore) {
  checkUserPool(store, input);
  return adminUserView(existingUser(store, requiredString(input, 'Username')));
}

export async function adminDeleteUser(input: ApiInput, store: IdentityStore) {
  checkUserPool(store, input);
  store.deleteUser(existingUser(store, requiredString(input, 'Username')).username);
  return {};
}

/** Cognito: "Deactivates a user and revokes all access tokens for the user." */
export async function adminDisableUser(input: ApiInput, store: IdentityStore) {
  checkUserPool(store, input);
  const user = existingUser(store, requiredString(input, 'Username'));
  store.putUser({ ...user, enabled: false, updatedAt: Date.now() });
  store.revokeSessionsOf(user.username);
  return {};
}

export async function adminEnableUser(input: ApiInput, store: IdentityStore) {
  checkUserPool(store, input);
  const user = existingUser(store, requiredString(input, 'Username'));
  store.putUser({ ...user, enabled: true, updatedAt: Date.now() });
  return {};
}

export async function adminUserGlobalSignOut(input: ApiInput, store: IdentityStore) {
  checkUserPool(store, input);
  store.revokeSessionsOf(existingUser(store, requiredString(input, 'Username')).username);
  return {};
}

function existingUser(store: IdentityStore, username: string): PoolUser {
  const user = store.user(username);
  if (!user) throw new UserNotFoundException(MESSAGES.userNotFound);
  return user;
}

/** AWS JSON timestamps are epoch seconds. */
function adminUserView(user: PoolUser) {
  return {
    Username: user.username,
    UserAttributes: attributesOf(user),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.updatedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function generatedTemporaryPassword(): string {
  return `Tmp-${randomBytes(9).toString('base64url')}1a!`;
}
