/**
 * Errors of the Cognito identity-provider JSON API, by the names and HTTP statuses Cognito uses.
 * The AWS SDK v3 reads the name from the body's `__type` (then the `x-amzn-ErrorType` header), so
 * a client's `err.name` is the class name here and callers can branch on it exactly as against AWS.
 */
export class CognitoError extends Error {
  readonly status: number = 400;

  constructor(message: string) {
    super(message);
    // The class name is the wire name (`__type`), so subclasses need no boilerplate.
    this.name = new.target.name;
  }
}

/** Bad, tampered, expired or revoked token; wrong password; locked out; disabled user; bad SECRET_HASH. */
export class NotAuthorizedException extends CognitoError {}
export class UserNotFoundException extends CognitoError {}
export class UsernameExistsException extends CognitoError {}
export class InvalidParameterException extends CognitoError {}
export class InvalidPasswordException extends CognitoError {}
export class InvalidOAuthFlowException extends CognitoError {}
export class ScopeDoesNotExistException extends CognitoError {}
export class ResourceNotFoundException extends CognitoError {}
export class TooManyRequestsException extends CognitoError {}
/** Body that is not JSON (what AWS JSON 1.1 services answer for unparsable input). */
export class SerializationException extends CognitoError {}
/** An X-Amz-Target this service does not implement (or that Cognito does not have). */
export class UnknownOperationException extends CognitoError {}
/** Not Cognito's: the admin surface refuses callers other than the local developer (see server.ts). */
export class AccessDeniedException extends CognitoError {
  readonly status = 403;
}
/** AWS's name for a request body over the service's limit (HTTP 413). */
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
