/** Input checks for the JSON API, answering as Cognito does (InvalidParameterException, its wording). */
import type { AppClient } from './appClients';
import { InvalidParameterException, ResourceNotFoundException } from './errors';
import type { IdentityStore } from './store';

export type ApiInput = Record<string, unknown>;
type Types = { string: string; number: number; boolean: boolean };

export const failed = (value: unknown, name: string, constraint: string) =>
  new InvalidParameterException(
    `1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${name.charAt(0).toLowerCase() + name.slice(1)}' failed to satisfy constraint: ${constraint}`,
  );
const enumOf = (allowed: readonly unknown[]) => `Member must satisfy enum value set: [${allowed.join(', ')}]`;

export function requiredString(input: ApiInput, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value.length === 0) throw failed(null, name, 'Member must not be null');
  return value;
}

/** A value of the given type, or undefined when left out; with `allowed`, one of those (an enum). */
export function optional<T extends keyof Types>(input: ApiInput, name: string, type: T, allowed?: unknown[]) {
  const value = input[name] ?? undefined;
  if (value !== undefined && typeof value !== type) throw failed(value, name, `Member must be a ${type}`);
  if (allowed && value !== undefined && !allowed.includes(value)) throw failed(value, name, enumOf(allowed));
  return value as Types[T] | undefined;
}

/** A list of strings, without repeats; with `allowed`, each one of those. */
export function stringList(input: ApiInput, name: string, allowed?: readonly string[]): string[] | undefined {
  const value = input[name] ?? undefined;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw failed(value, name, 'Member must be a list of strings');
  }
  if (allowed && !value.every((item) => allowed.includes(item))) {
    throw failed(`[${value.join(', ')}]`, name, `Member must satisfy constraint: [${enumOf(allowed)}]`);
  }
  return [...new Set(value as string[])];
}

export function stringMap(input: ApiInput, name: string): Record<string, string> {
  const value = input[name] ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw failed(value, name, 'Member must be a map');
  return value as Record<string, string>;
}

export function attributeList(input: ApiInput, name: string): Array<{ Name: string; Value?: string }> {
  const value = input[name] ?? [];
  const valid =
    Array.isArray(value) &&
    value.every((item) => typeof item?.Name === 'string' && ['undefined', 'string'].includes(typeof item.Value));
  if (!valid) throw failed(value, name, 'Member must be a list of {Name, Value}');
  return value as Array<{ Name: string; Value?: string }>;
}

export function clientOf(store: IdentityStore, clientId: string): AppClient {
  const client = store.client(clientId);
  if (!client) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  return client;
}

export function checkUserPool(store: IdentityStore, input: ApiInput): void {
  const userPoolId = requiredString(input, 'UserPoolId');
  if (userPoolId !== store.pool.userPoolId)
    throw new ResourceNotFoundException(`User pool ${userPoolId} does not exist.`);
}
