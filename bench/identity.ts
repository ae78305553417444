import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdentityServiceOptions, RunningIdentityService, startIdentityService } from '@profile-keeper/cognito-local';
import { signInWithPassword } from '@profile-keeper/cognito-local/src/passwordSignIn';
import { localSkillConfig } from '../deploy/settings';
import { SkillConfig } from '../src/config';

/** The users every figure is measured with (the cognito-local package's seed.json). */
export const ALICE = { username: 'alice', password: 'Alice-Demo-1!', name: 'Alice Smith' };
export const BOB = { username: 'bob', password: 'Bob-Demo-1!', name: 'Bob Jones' };

/** The local identity service on an ephemeral port, with a data folder of its own. */
export function startBenchIdentity(
  options: Pick<IdentityServiceOptions, 'accessTokenClaims'> = {},
): Promise<RunningIdentityService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-identity-'));
  return startIdentityService({ port: 0, dataDir, logLevel: 'error', ...options });
}

/** An access token as Alexa gets one after linking. */
export async function signIn(identity: RunningIdentityService, user: typeof ALICE): Promise<string> {
  return (await signInWithPassword(identity, user)).accessToken;
}

/** The dev stage's skill settings, pointed at a benchmark identity service, logging off. */
export function benchSkillConfig(identity: RunningIdentityService, env: Record<string, string> = {}): SkillConfig {
  return localSkillConfig({
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_JWKS_URI: identity.jwksUri,
    LOG_LEVEL: 'silent',
    ...env,
  });
}
