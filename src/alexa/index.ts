/** Checks on requests that claim to come from Alexa, run before Jovo sees them. */
export { checkEnvelope, checkSkillId, parseEnvelope } from './envelope';
export type { CheckedEnvelope } from './envelope';
export { AlexaRequestRejectedError } from './errors';
export type { RejectionReason, RejectionStatus } from './errors';
export { requestPolicyFor } from './requestPolicy';
export { AlexaRequestVerifier } from './requestVerifier';
export type { AlexaRequestPolicy, AlexaRequestVerifierOptions } from './requestVerifier';
