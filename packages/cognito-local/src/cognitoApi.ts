/**
 * Cognito's API as the AWS SDK v3 speaks it: POST / with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`
 * and AWS JSON 1.1; errors name their type in `__type` and `x-amzn-ErrorType`, where the SDK reads it.
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import * as admin from './adminOperations';
import { ApiInput } from './apiInput';
import * as auth from './authFlows';
import { AccessDeniedException, CognitoError, InternalErrorException, MESSAGES } from './errors';
import { SerializationException, TooManyRequestsException, UnknownOperationException } from './errors';
import { adminRefusal, readBody, sendJson } from './http';
import { RequestRecord } from './log';
import * as pool from './poolOperations';
import type { ServiceContext } from './index';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
type Operation = (input: ApiInput, context: ServiceContext) => Promise<unknown>;

const OPERATIONS: Record<string, Operation> = {
  InitiateAuth: auth.initiateAuth,
  RespondToAuthChallenge: auth.respondToAuthChallenge,
  GetUser: auth.getUser,
  GlobalSignOut: auth.globalSignOut,
  RevokeToken: auth.revokeToken,
  AdminCreateUser: admin.adminCreateUser,
  AdminSetUserPassword: admin.adminSetUserPassword,
  AdminGetUser: admin.adminGetUser,
  AdminDeleteUser: admin.adminDeleteUser,
  AdminDisableUser: admin.adminDisableUser,
  AdminEnableUser: admin.adminEnableUser,
  AdminUserGlobalSignOut: admin.adminUserGlobalSignOut,
  DescribeUserPool: pool.describeUserPool,
  CreateUserPoolClient: pool.createUserPoolClient,
  UpdateUserPoolClient: pool.updateUserPoolClient,
  DescribeUserPoolClient: pool.describeUserPoolClient,
  ListUserPoolClients: pool.listUserPoolClients,
  DeleteUserPoolClient: pool.deleteUserPoolClient,
  DescribeUserPoolDomain: pool.describeUserPoolDomain,
  CreateUserPoolDomain: pool.createUserPoolDomain,
  DeleteUserPoolDomain: pool.deleteUserPoolDomain,
};
/** Open to anyone holding a token or the client's credentials, as in Cognito; the rest is IAM-authorised there. */
const USER_OPERATIONS = new Set(['InitiateAuth', 'RespondToAuthChallenge', 'GetUser', 'GlobalSignOut', 'RevokeToken']);

export async function handleCognitoApi(
  req: IncomingMessage,
  res: ServerResponse,
  context: ServiceContext,
  record: RequestRecord,
): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  record.operation = operation ? name : 'unknown';
  try {
    if (!operation) {
      const known = Object.keys(OPERATIONS).join(', ');
      throw new UnknownOperationException(`Unknown operation ${JSON.stringify(target)}; implemented: ${known}`);
    }
    const refusal = USER_OPERATIONS.has(name) ? undefined : adminRefusal(req, context);
    if (refusal) throw new AccessDeniedException(refusal);
    if (name === 'GetUser') {
      const fault = await context.faults.beforeGetUser();
      if (fault === 'drop') {
        record.dropped = true;
        return void req.socket.destroy();
      }
      if (fault === 'error') throw new InternalErrorException('Injected fault: internal error');
      if (fault === 'throttle') throw new TooManyRequestsException(MESSAGES.rateExceeded);
    }
    send(res, 200, (await operation(await readJson(req), context)) ?? {});
  } catch (error) {
    const known = error instanceof CognitoError ? error : new InternalErrorException('Internal error');
    if (!(error instanceof CognitoError)) record.error = error;
    send(res, known.status, { __type: known.name, message: known.message }, { 'x-amzn-errortype': `${known.name}:` });
  }
}

async function readJson(req: IncomingMessage): Promise<ApiInput> {
  const text = (await readBody(req)).trim() || '{}';
  const value: unknown = await Promise.resolve(text)
    .then(JSON.parse)
    .catch(() => undefined);
  // AWS JSON services answer a body that is not a JSON object with SerializationException.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SerializationException('Request body is not a JSON object');
  }
  return value as ApiInput;
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  sendJson(res, status, body, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
