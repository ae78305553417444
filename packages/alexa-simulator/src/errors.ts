/**
 * Typed failures of the Alexa side, so the page, the terminal and the tests branch on meaning
 * (`instanceof`), never on message strings. Each has a literal `name` that survives a minifier.
 */
export class SimulatorError extends Error {
  name = 'SimulatorError';
}

/** An option is missing or unusable (a flag, the account-linking settings, a locale). */
export class SimulatorOptionsError extends SimulatorError {
  name = 'SimulatorOptionsError';
}

/** An interaction model is missing or unreadable. */
export class InteractionModelError extends SimulatorError {
  name = 'InteractionModelError';
}

/** The callback's `state` is not one this simulator handed out (RFC 6749 §10.12: CSRF). */
export class LinkStateMismatchError extends SimulatorError {
  name = 'LinkStateMismatchError';
}

/** The authorization server answered the callback with `error=...` (RFC 6749 §4.1.2.1). */
export class AuthorizationDeniedError extends SimulatorError {
  name = 'AuthorizationDeniedError';
}

/** The token endpoint refused a code or refresh token (RFC 6749 §5.2), or was unreachable. */
export class TokenRequestError extends SimulatorError {
  name = 'TokenRequestError';
  constructor(
    message: string,
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

/** The sign-in page did not accept the credentials (wrong password, unknown user). */
export class SignInRejectedError extends SimulatorError {
  name = 'SignInRejectedError';
}

/** The skill endpoint did not answer with an Alexa response in time. */
export class SkillEndpointError extends SimulatorError {
  name = 'SkillEndpointError';
}
