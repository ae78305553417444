import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdentityService } from '@profile-keeper/cognito-local';
import { signInWithPassword } from '@profile-keeper/cognito-local/src/passwordSignIn';
import { localSkillConfig } from '../../deploy/settings';
import { SkillConfig } from '../../src/config';

export type RunningIdentity = Awaited<ReturnType<typeof startIdentityService>>;
type IdentityOptions = Parameters<typeof startIdentityService>[0];

export const ALICE = { username: 'alice', password: 'Alice-Demo-1!', email: 'alice@example.com', name: 'Alice Smith' };
export const BOB = { username: 'bob', password: 'Bob-Demo-1!', email: 'bob@example.com', name: 'Bob Jones' };

/** A fresh identity service on an ephemeral port with its own data folder. */
export function startTestIdentity(options: Partial<IdentityOptions> = {}): Promise<RunningIdentity> {
  return startIdentityService({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'identity-')),
    ...options,
  } as IdentityOptions);
}

/** Skill settings pointing at this identity service (dev stage otherwise). */
export function skillConfigFor(identity: RunningIdentity, env: Record<string, string> = {}): SkillConfig {
  return localSkillConfig({
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_JWKS_URI: identity.jwksUri,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** Real tokens, the way a Cognito client gets them: InitiateAuth USER_PASSWORD_AUTH with SECRET_HASH. */
export function signIn(identity: RunningIdentity, user: { username: string; password: string }) {
  return signInWithPassword(identity, user);
}
