import { App } from '@jovotech/framework';
import { SkillConfig } from '../config';
import { AlexaRequestPolicy } from './requestVerifier';

/**
 * Which skill id an app answers for and whether it requires Amazon's signature, recorded when the
 * app is built from its config, so every server that serves the app checks requests the same way
 * without each caller repeating the settings (and without a way to forget them).
 */
const policies = new WeakMap<App, AlexaRequestPolicy>();

export function requestPolicyFor(config: Pick<SkillConfig, 'skillId' | 'verifyAlexaRequests'>): AlexaRequestPolicy {
  return { skillId: config.skillId, verifySignature: config.verifyAlexaRequests };
}

export function attachRequestPolicy(app: App, policy: AlexaRequestPolicy): void {
  policies.set(app, policy);
}

export function requestPolicyOf(app: App): AlexaRequestPolicy | undefined {
  return policies.get(app);
}
