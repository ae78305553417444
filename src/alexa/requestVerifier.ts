import { SkillRequestSignatureVerifier, TimestampVerifier, Verifier } from 'ask-sdk-express-adapter';
import type { IncomingHttpHeaders } from 'node:http';
import { CheckedEnvelope, checkSkillId, parseEnvelope } from './envelope';
import { AlexaRequestRejectedError, RejectionReason } from './errors';

/** Who may call the skill: its id (always checked) and whether Amazon's signature is required. */
export interface AlexaRequestPolicy {
  skillId: string;
  /** Signature, certificate chain and timestamp (HTTPS endpoint). Config keeps it on in prod. */
  verifySignature: boolean;
}

export interface AlexaRequestVerifierOptions extends AlexaRequestPolicy {
  /**
   * The signature verifier; default ask-sdk-express-adapter's SkillRequestSignatureVerifier (cert URL
   * rules, chain to a public root, SAN echo-api.amazon.com, expiry, RSA-SHA256 over the raw body).
   * Tests pass the same class with its certificate download served locally.
   */
  signatureVerifier?: Verifier;
  /** Default ask-sdk-express-adapter's TimestampVerifier (150 s; skill events 1 hour). */
  timestampVerifier?: Verifier;
  /** The adapter downloads the certificate chain with no timeout of its own; Alexa waits 8 s in all. */
  certificateTimeoutMs?: number;
  now?: () => number;
}

/** Amazon's tolerance for normal requests, applied to the future side too (the adapter checks only the past). */
const TIMESTAMP_TOLERANCE_MS = 150_000;

/**
 * Every check Amazon requires of an HTTPS endpoint, in one place, before the skill sees a request:
 * envelope shape, skill id, then signature and timestamp. Each refusal is an
 * AlexaRequestRejectedError carrying a reason and its status (400 or 401).
 */
export class AlexaRequestVerifier {
  private readonly signature: Verifier;
  private readonly timestamp: Verifier;
  private readonly now: () => number;

  constructor(private readonly options: AlexaRequestVerifierOptions) {
    this.signature = options.signatureVerifier ?? new SkillRequestSignatureVerifier();
    this.timestamp = options.timestampVerifier ?? new TimestampVerifier();
    this.now = options.now ?? Date.now;
  }

  get policy(): AlexaRequestPolicy {
    return { skillId: this.options.skillId, verifySignature: this.options.verifySignature };
  }

  /** Checks a request as it arrived (the raw body: the signature covers its exact bytes). */
  async verify(rawBody: string, headers: IncomingHttpHeaders): Promise<CheckedEnvelope> {
    const envelope = parseEnvelope(rawBody);
    // Cheap and local first: a request for another skill never costs a certificate download.
    checkSkillId(envelope, this.options.skillId);
    if (this.options.verifySignature) {
      await this.verifySignature(rawBody, headers);
      await this.verifyTimestamp(rawBody, envelope);
    }
    return envelope;
  }

  private async verifySignature(rawBody: string, headers: IncomingHttpHeaders): Promise<void> {
    const certUrl = headers['signaturecertchainurl'];
    if (!headers['signature-256'] || !certUrl) throw new AlexaRequestRejectedError('signature-missing');
    // Not a URL at all: the adapter would fail on it with a TypeError; say what it is.
    if (typeof certUrl !== 'string' || !URL.canParse(certUrl)) {
      throw new AlexaRequestRejectedError('certificate-url-rejected');
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('Unable to load x509 certificate: timed out')),
        this.options.certificateTimeoutMs ?? 3000,
      );
    });
    try {
      await Promise.race([this.signature.verify(rawBody, headers), timeout]);
    } catch (error) {
      throw new AlexaRequestRejectedError(signatureRejectionReason(error));
    } finally {
      clearTimeout(timer);
    }
  }

  private async verifyTimestamp(rawBody: string, envelope: CheckedEnvelope): Promise<void> {
    const sentAt = Date.parse(envelope.timestamp);
    // The adapter lets an unparseable or future timestamp through (NaN compares false); Amazon
    // requires the timestamp to be within 150 s of now, so both are refused here.
    if (!Number.isFinite(sentAt) || sentAt - this.now() > TIMESTAMP_TOLERANCE_MS) {
      throw new AlexaRequestRejectedError('timestamp-out-of-tolerance');
    }
    try {
      await this.timestamp.verify(rawBody);
    } catch {
      throw new AlexaRequestRejectedError('timestamp-out-of-tolerance');
    }
  }
}

/**
 * The adapter reports every failure as one AskSdkError whose message quotes the header it refused,
 * so the message is never logged; it is only sorted into a fixed reason here (the adapter has no
 * error types to branch on).
 */
function signatureRejectionReason(error: unknown): RejectionReason {
  const message = error instanceof Error ? error.message : '';
  if (/unsupported protocol|invalid host name|invalid path|invalid port|Invalid URL/i.test(message)) {
    return 'certificate-url-rejected';
  }
  if (/signature does not match/i.test(message)) return 'signature-mismatch';
  return 'certificate-rejected';
}
