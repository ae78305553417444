/** Input checks for the JSON API, answering as Cognito does (InvalidParameterException). */
import { InvalidParameterException, ResourceNotFoundException } from './errors';
import { AppClient, IdentityStore } from './store';

export type ApiInput = Record<string, unknown>;

export function requiredString(input: ApiInput, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidParameterException(
      `1 validation error detected: Value at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalString(input: ApiInput, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidParameterException(`${name} must be a string`);
  return value;
}

export function stringMap(input: ApiInput, name: string): Record<string, string> {
  const value = input[name] ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidParameterException(`${name} must be a map`);
  return value as Record<string, string>;
}

export function attributeList(input: ApiInput, name: string): Array<{ Name: string; Value: string }> {
  const value = input[name] ?? [];
  const valid =
    Array.isArray(value) &&
    value.every(
      (item) => typeof item?.Name === 'string' && (item.Value === undefined || typeof item.Value === 'string'),
    );
  if (!valid) throw new InvalidParameterException(`${name} must be a list of {Name, Value}`);
  return value as Array<{ Name: string; Value: string }>;
}

export function clientOf(store: IdentityStore, clientId: string): AppClient {
  const client = store.client(clientId);
  if (!client) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  return client;
}

export function checkUserPool(store: IdentityStore, input: ApiInput): void {
  const userPoolId = requiredString(input, 'UserPoolId');
  if (userPoolId !== store.userPoolId) throw new ResourceNotFoundException(`User pool ${userPoolId} does not exist.`);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
