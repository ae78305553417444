import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningIdentityService, startIdentityService } from '@profile-keeper/cognito-local';
import { signInWithPassword } from '@profile-keeper/cognito-local/src/passwordSignIn';
import { localSkillConfig } from '../deploy/settings';
import { SkillConfig } from '../src/config';

/** The user every figure is measured with (the cognito-local package's seed.json). */
export const ALICE = { username: 'alice', password: 'Alice-Demo-1!', name: 'Alice Smith' };

/** The local identity service on an ephemeral port, with a data folder of its own. */
export function startBenchIdentity(): Promise<RunningIdentityService> {
  return startIdentityService({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'bench-identity-')), logLevel: 'error' });
}

/** An access token as Alexa gets one after linking. */
export async function signIn(identity: RunningIdentityService, user: typeof ALICE): Promise<string> {
  return (await signInWithPassword(identity, user)).accessToken;
}

/** The dev stage's skill settings, pointed at a benchmark identity service, logging off. */
export function benchSkillConfig(identity: RunningIdentityService): SkillConfig {
  return localSkillConfig({
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_JWKS_URI: identity.jwksUri,
    LOG_LEVEL: 'silent',
  });
}
