import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SkillPackageError } from './errors';

/** The skill's account-linking settings, as Alexa is given them in skill-package/accountLinking.json. */
export interface AccountLinkingSettings {
  type: 'AUTH_CODE';
  authorizationUrl: string;
  accessTokenUrl: string;
  clientId: string;
  scopes: string[];
  accessTokenScheme: 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';
  /** Used when the token response has no expires_in (Alexa's setting of the same name). */
  defaultTokenExpirationInSeconds?: number;
}

/** Reads skill-package/accountLinking.json ({"accountLinkingRequest": {...}}, as ASK CLI and Jovo write it). */
export function loadAccountLinkingSettings(skillPackageDir: string): AccountLinkingSettings | undefined {
  const path = join(skillPackageDir, 'accountLinking.json');
  if (!existsSync(path)) return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new SkillPackageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const request = (json.accountLinkingRequest ?? json) as Partial<AccountLinkingSettings>;
  if (!request.authorizationUrl || !request.accessTokenUrl || !request.clientId) {
    throw new SkillPackageError(`${path} needs authorizationUrl, accessTokenUrl and clientId`);
  }
  return {
    type: 'AUTH_CODE',
    authorizationUrl: request.authorizationUrl,
    accessTokenUrl: request.accessTokenUrl,
    clientId: request.clientId,
    scopes: request.scopes ?? [],
    accessTokenScheme:
      request.accessTokenScheme === 'REQUEST_BODY_CREDENTIALS' ? 'REQUEST_BODY_CREDENTIALS' : 'HTTP_BASIC',
    defaultTokenExpirationInSeconds: request.defaultTokenExpirationInSeconds,
  };
}
