/**
 * Cognito's identity-provider API as the AWS SDK v3 speaks it: POST / with
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>` and an AWS JSON 1.1 body.
 * Errors carry the name in both places the SDK looks (`__type` in the body, `x-amzn-ErrorType`
 * header), so `err.name` on the client is exactly Cognito's exception name.
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import * as admin from './adminOperations';
import { ApiInput } from './apiInput';
import { AuthContext, getUser, globalSignOut, initiateAuth, respondToAuthChallenge, revokeToken } from './authFlows';
import { DescribeClientContext, describeUserPoolClient } from './describeUserPoolClient';
import {
  CognitoError,
  InternalErrorException,
  MESSAGES,
  SerializationException,
  TooManyRequestsException,
  UnknownOperationException,
} from './errors';
import { FaultInjector } from './faultInjector';
import { readBody } from './http';
import { RequestRecord } from './requestLog';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

export interface CognitoApiContext extends AuthContext, DescribeClientContext {
  faults: FaultInjector;
}

type Operation = (input: ApiInput, context: CognitoApiContext) => Promise<unknown>;

const OPERATIONS: Record<string, Operation> = {
  InitiateAuth: initiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,
  GetUser: getUser,
  GlobalSignOut: globalSignOut,
  RevokeToken: revokeToken,
  AdminCreateUser: (input, { store }) => admin.adminCreateUser(input, store),
  AdminSetUserPassword: (input, { store }) => admin.adminSetUserPassword(input, store),
  AdminGetUser: (input, { store }) => admin.adminGetUser(input, store),
  AdminDeleteUser: (input, { store }) => admin.adminDeleteUser(input, store),
  AdminDisableUser: (input, { store }) => admin.adminDisableUser(input, store),
  AdminEnableUser: (input, { store }) => admin.adminEnableUser(input, store),
  AdminUserGlobalSignOut: (input, { store }) => admin.adminUserGlobalSignOut(input, store),
  DescribeUserPoolClient: describeUserPoolClient,
};

export async function handleCognitoApi(
  req: IncomingMessage,
  res: ServerResponse,
  context: CognitoApiContext,
  record: RequestRecord,
): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const operation = Object.prototype.hasOwnProperty.call(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  record.operation = operation ? name : 'unknown';
  try {
    if (!operation) {
      throw new UnknownOperationException(
        `Unknown operation ${JSON.stringify(target)}; the local identity service implements ${Object.keys(OPERATIONS).join(', ')}`,
      );
    }
    if (name === 'GetUser') {
      const fault = await context.faults.beforeGetUser();
      if (fault === 'drop') {
        record.dropped = true;
        req.socket.destroy();
        return;
      }
      if (fault === 'error')
        throw new InternalErrorException('Injected fault: internal error (local identity service)');
      if (fault === 'throttle') throw new TooManyRequestsException(MESSAGES.rateExceeded);
    }
    const result = await operation(await readJson(req), context);
    send(res, 200, result ?? {});
  } catch (error) {
    const known = error instanceof CognitoError ? error : new InternalErrorException('Internal error');
    if (!(error instanceof CognitoError)) record.error = error;
    send(res, known.status, { __type: known.name, message: known.message }, { 'x-amzn-errortype': `${known.name}:` });
  }
}

async function readJson(req: IncomingMessage): Promise<ApiInput> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as ApiInput;
  } catch {
    // fall through: Cognito answers unparsable input with SerializationException
  }
  throw new SerializationException('Request body is not a JSON object');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}
