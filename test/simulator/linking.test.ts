import { startTestSkill } from '../support/skill';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CognitoIdentityProviderClient, GlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createLogger } from '../../src/logger';
import { RunningSkillServer } from '../../src/server.express';
import { SignInRejectedError, SimulatorEngine, TokenRequestError } from '@profile-keeper/alexa-simulator';
import { devSkillSettings } from '../../scripts/local';
import { ALICE, BOB, RunningIdentity, signIn, skillConfigFor, startTestIdentity } from '../support/identity';

/**
 * Linking as Alexa does it, without a browser: the Hosted UI form, the code exchange with HTTP Basic,
 * and what happens when the link stops working — against the real identity service and skill.
 */
const TOKEN_TTL_SECONDS = 2;
// Never requested: the code is read from the sign-in page's redirect (the seeded client allows it).
const REDIRECT_URI = 'http://localhost:3001/callback';

let identity: RunningIdentity;
let skill: RunningSkillServer;

function engine(clientSecret = identity.clientSecret): SimulatorEngine {
  return new SimulatorEngine({
    ...devSkillSettings(identity.url),
    skillEndpoint: skill.webhookUrl,
    clientSecret,
    redirectUri: REDIRECT_URI,
    refreshSkewSeconds: 0,
  });
}

beforeAll(async () => {
  identity = await startTestIdentity({ accessTokenTtlSeconds: TOKEN_TTL_SECONDS });
  const logger = createLogger({ level: 'silent' });
  skill = await startTestSkill(skillConfigFor(identity), { logger });
});

afterAll(async () => {
  await skill?.close();
  await identity?.close();
});

describe('account linking from the Alexa side', () => {
  it('signs in on the Hosted UI form, exchanges the code and tells the skill the account is linked', async () => {
    const alexa = engine();
    const event = await alexa.linkWithPassword(ALICE);
    expect(event).toMatchObject({ requestType: 'AlexaSkillEvent.SkillAccountLinked', kind: 'event' });
    expect(event.error).toBeUndefined();
    expect(alexa.link.status()).toMatchObject({ linked: true, username: ALICE.username, refreshCount: 0 });
    const welcome = await alexa.turn('open profile keeper');
    expect(welcome.speech).toContain('Welcome back, Alice');
  });

  it('refuses a wrong password on the sign-in page and links nothing', async () => {
    const alexa = engine();
    await expect(
      alexa.linkWithPassword({ username: ALICE.username, password: 'not-her-password' }),
    ).rejects.toBeInstanceOf(SignInRejectedError);
    expect(alexa.link.status().linked).toBe(false);
  });

  it('cannot link with a wrong client secret: the token endpoint answers invalid_client', async () => {
    const alexa = engine('not-the-secret');
    const failure = await alexa.linkWithPassword(ALICE).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TokenRequestError);
    expect((failure as TokenRequestError).oauthError).toBe('invalid_client');
    expect(alexa.link.status().linked).toBe(false);
  });

  it('treats the account as unlinked when the refresh token was revoked, so the skill asks to link again', async () => {
    const alexa = engine();
    await alexa.linkWithPassword(BOB);
    // Bob signs out everywhere (Cognito GlobalSignOut): every refresh token of his is revoked.
    const { accessToken } = await signIn(identity, BOB);
    const cognito = new CognitoIdentityProviderClient({
      region: identity.region,
      endpoint: identity.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await cognito.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
    cognito.destroy();

    await new Promise((resolve) => setTimeout(resolve, TOKEN_TTL_SECONDS * 1000 + 100));
    const answer = await alexa.turn('what is my email address');
    expect(answer).toMatchObject({ refreshed: false, linked: false });
    expect(answer.card?.type).toBe('LinkAccount');
    expect(alexa.link.status()).toMatchObject({ linked: false });
    expect(alexa.link.status().lastError).toContain('refresh failed');
  });
});
