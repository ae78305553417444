/**
 * Why a request that claims to come from Alexa is refused before the skill sees it. Each reason
 * maps to one HTTP status; the reason is logged, the request's body and headers never are.
 */
export type RejectionReason =
  /** Not JSON, or JSON that is not an Alexa request envelope (400). */
  | 'malformed-json'
  | 'malformed-envelope'
  /** Signature-256 or SignatureCertChainUrl header missing (401). */
  | 'signature-missing'
  /** SignatureCertChainUrl is not https://s3.amazonaws.com[:443]/echo.api/... (401). */
  | 'certificate-url-rejected'
  /** The certificate chain could not be loaded, is expired, lacks the echo-api.amazon.com SAN or does not chain to a trusted root (401). */
  | 'certificate-rejected'
  /** The SHA-256 signature does not match the raw body (401). */
  | 'signature-mismatch'
  /** request.timestamp further than 150 s from now (1 hour for skill events) (401). */
  | 'timestamp-out-of-tolerance'
  /** The application id is not this skill's (401). */
  | 'wrong-skill-id';

export type RejectionStatus = 400 | 401;

const STATUS: Record<RejectionReason, RejectionStatus> = {
  'malformed-json': 400,
  'malformed-envelope': 400,
  'signature-missing': 401,
  'certificate-url-rejected': 401,
  'certificate-rejected': 401,
  'signature-mismatch': 401,
  'timestamp-out-of-tolerance': 401,
  'wrong-skill-id': 401,
};

export class AlexaRequestRejectedError extends Error {
  name = 'AlexaRequestRejectedError';
  readonly status: RejectionStatus;

  constructor(readonly reason: RejectionReason) {
    // The message is the reason only: it ends up in Lambda's error output and must not echo input.
    super(`Alexa request rejected: ${reason}`);
    this.status = STATUS[reason];
  }
}
