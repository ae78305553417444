/**
 * Errors of the Cognito identity-provider JSON API, by the names and HTTP statuses Cognito uses. The AWS
 * SDK v3 reads the name from the body's `__type`, so a client's `err.name` is the class name here.
 */
export class CognitoError extends Error {
  readonly status: number = 400;

  constructor(message: string) {
    super(message);
    this.name = new.target.name; // the class name is the wire name, so subclasses need no boilerplate
  }
}

export class NotAuthorizedException extends CognitoError {}
export class UserNotFoundException extends CognitoError {}
export class UsernameExistsException extends CognitoError {}
export class InvalidParameterException extends CognitoError {}
export class InvalidPasswordException extends CognitoError {}
export class InvalidOAuthFlowException extends CognitoError {}
export class ScopeDoesNotExistException extends CognitoError {}
export class ResourceNotFoundException extends CognitoError {}
export class TooManyRequestsException extends CognitoError {}
/** What AWS JSON 1.1 services answer for a body that is not JSON. */
export class SerializationException extends CognitoError {}
export class UnknownOperationException extends CognitoError {}
/** Not Cognito's: the admin surface refuses callers other than the local developer (server.ts). */
export class AccessDeniedException extends CognitoError {
  readonly status = 403;
}
/** AWS's name for a request body over the service's limit. */
export class RequestTooLargeException extends CognitoError {
  readonly status = 413;
}
export class InternalErrorException extends CognitoError {
  readonly status = 500;
}

/** Messages Cognito itself uses, so logs and tests read the same locally and in AWS. */
export const MESSAGES = {
  invalidAccessToken: 'Invalid Access Token',
  expiredAccessToken: 'Access Token has expired',
  revokedAccessToken: 'Access Token has been revoked',
  missingScope: 'Access Token does not have required scopes',
  userDisabled: 'User is disabled.',
  userNotFound: 'User does not exist.',
  incorrectCredentials: 'Incorrect username or password.',
  passwordAttemptsExceeded: 'Password attempts exceeded',
  invalidRefreshToken: 'Invalid Refresh Token',
  refreshTokenRevoked: 'Refresh Token has been revoked',
  rateExceeded: 'Rate exceeded',
} as const;
