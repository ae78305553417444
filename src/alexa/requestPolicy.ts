import { SkillConfig } from '../config';
import { AlexaRequestPolicy } from './requestVerifier';

/** Which skill id an app answers for and whether it requires Amazon's signature, from its config. */
export function requestPolicyFor(config: Pick<SkillConfig, 'skillId' | 'verifyAlexaRequests'>): AlexaRequestPolicy {
  return { skillId: config.skillId, verifySignature: config.verifyAlexaRequests };
}
