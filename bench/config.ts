import { localSkillConfig } from '../deploy/settings';
import { SkillConfig } from '../src/config';

/** Where the benchmark's identity service is: what a skill process needs to find it. */
export interface IdentityEndpoint {
  url: string;
  jwksUri: string;
}

/** The dev-stage skill settings, pointed at the benchmark's identity service, logging off. */
export function benchSkillConfig(identity: IdentityEndpoint): SkillConfig {
  return localSkillConfig({
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_JWKS_URI: identity.jwksUri,
    LOG_LEVEL: 'silent',
  });
}
