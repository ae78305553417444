/**
 * Typed failures of the Alexa side, so the page, the terminal and the tests branch on meaning
 * (`instanceof`), never on message strings.
 */
export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The built skill package (or the models/ source) is missing or unreadable. */
export class SkillPackageError extends SimulatorError {}

/** The callback's `state` is not one this simulator handed out (RFC 6749 §10.12: CSRF). */
export class LinkStateMismatchError extends SimulatorError {}

/** The authorization server answered the callback with `error=...` (RFC 6749 §4.1.2.1). */
export class AuthorizationDeniedError extends SimulatorError {
  constructor(
    readonly error: string,
    readonly description?: string,
  ) {
    super(description ? `${error}: ${description}` : error);
  }
}

/** The token endpoint refused a code or refresh token (RFC 6749 §5.2), or was unreachable. */
export class TokenRequestError extends SimulatorError {
  constructor(
    message: string,
    readonly oauthError?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The Hosted UI sign-in form did not accept the credentials (wrong password, unknown user). */
export class SignInRejectedError extends SimulatorError {}

/** The skill endpoint did not answer with an Alexa response. */
export class SkillEndpointError extends SimulatorError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
