/**
 * Revocation reaches a warm skill. With COGNITO_RECHECK_AFTER_S=1, a skill that has Alice's token
 * in its user cache asks Cognito again at the start of a new session once the entry is older than
 * a second: after GlobalSignOut, AdminDisableUser or AdminDeleteUser that session hears the relink
 * answer with a LinkAccount card, while a turn of the session already open is answered without
 * any network. A Cognito outage at that recheck keeps the cached user. A user carried in session
 * attributes serves that session only. Real identity service (Cognito's API over HTTP, revoked
 * through the AWS SDK) and the skill's real HTTP server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
  GlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { RunningSkillServer } from '../../src/server.express';
import { AlexaResponse, Conversation, SendEnvelope, speechOf, viaHttp } from '../support/conversation';
import { ALICE, RunningIdentity, signIn, skillConfigFor, startTestIdentity } from '../support/identity';
import { startTestSkill } from '../support/skill';
import { rendered } from '../support/expectedText';

const RECHECK_AFTER_S = 1;
const WELCOME = rendered('en-US', 'welcome.linked', { name: ALICE.name });
const RELINK = rendered('en-US', 'linking.relinkNeeded');
const yourEmail = (value: string) => rendered('en-US', 'infoType.emailAddress.value', { value });
const EMAIL = { value: 'email', id: 'emailAddress' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough that the cached user is due for a recheck. */
const pastRecheck = () => sleep(RECHECK_AFTER_S * 1000 + 150);

interface Running {
  identity: RunningIdentity;
  skill: RunningSkillServer;
  send: SendEnvelope;
  cognito: CognitoIdentityProviderClient;
  getUserCalls(): number;
  close(): Promise<void>;
}

async function start(): Promise<Running> {
  const identity = await startTestIdentity();
  const skill = await startTestSkill(skillConfigFor(identity, { COGNITO_RECHECK_AFTER_S: String(RECHECK_AFTER_S) }));
  const cognito = new CognitoIdentityProviderClient({
    region: identity.region,
    endpoint: identity.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    identity,
    skill,
    send: viaHttp(skill.webhookUrl),
    cognito,
    getUserCalls: () => identity.stats().getUserCalls,
    close: async () => {
      cognito.destroy();
      await skill.close();
      await identity.close();
    },
  };
}

function expectRelinkAnswer(response: AlexaResponse) {
  expect(speechOf(response)).toBe(RELINK);
  expect(response.response.card).toEqual({ type: 'LinkAccount' });
  expect(response.response.shouldEndSession).toBe(true);
  expect(response.sessionAttributes?.data).toEqual({ auth: 'relink-needed' });
}

const REVOCATIONS: [string, (running: Running, accessToken: string) => Promise<unknown>][] = [
  ['GlobalSignOut', ({ cognito }, accessToken) => cognito.send(new GlobalSignOutCommand({ AccessToken: accessToken }))],
  [
    'AdminDisableUser',
    ({ cognito, identity }) =>
      cognito.send(new AdminDisableUserCommand({ UserPoolId: identity.userPoolId, Username: ALICE.username })),
  ],
  [
    'AdminDeleteUser',
    ({ cognito, identity }) =>
      cognito.send(new AdminDeleteUserCommand({ UserPoolId: identity.userPoolId, Username: ALICE.username })),
  ],
];

describe.each(REVOCATIONS)('after %s', (_name, revoke) => {
  let running: Running;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(() => running?.close());

  test('the open session goes on without network; a new session after the recheck interval is asked to relink', async () => {
    const { accessToken } = await signIn(running.identity, ALICE);
    const open = new Conversation(running.send, { locale: 'en-US', accessToken });
    expect(speechOf(await open.launch())).toBe(WELCOME);
    expect(running.getUserCalls()).toBe(1);

    await revoke(running, accessToken);
    const inSession = await open.ask('RequestInfoIntent', EMAIL);
    expect(speechOf(inSession)).toBe(yourEmail(ALICE.email));
    expect(running.getUserCalls()).toBe(1);

    await pastRecheck();
    expectRelinkAnswer(await new Conversation(running.send, { locale: 'en-US', accessToken }).launch());
    expect(running.getUserCalls()).toBe(2);
    // Forgotten, not cached as revoked: the next session is asked to relink too.
    expectRelinkAnswer(await new Conversation(running.send, { locale: 'en-US', accessToken }).launch());
  });
});

describe('a warm skill', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start();
  });
  afterEach(() => running.identity.clearFaults());
  afterAll(() => running?.close());

  test('Cognito failing at the recheck: the new session still welcomes Alice from the cache', async () => {
    const { accessToken } = await signIn(running.identity, ALICE);
    expect(speechOf(await new Conversation(running.send, { locale: 'en-US', accessToken }).launch())).toBe(WELCOME);
    const before = running.getUserCalls();
    await pastRecheck();
    running.identity.setFaults({ errorRate: 1 });
    const response = await new Conversation(running.send, { locale: 'en-US', accessToken }).launch();
    expect(speechOf(response)).toBe(WELCOME);
    expect(response.response.shouldEndSession).toBe(false);
    // The recheck did ask (and Cognito failed): the cached user was kept on purpose.
    expect(running.getUserCalls()).toBeGreaterThan(before);
  });

  test('a session carrying Alice’s subject with a chosen name and email: spoken in that session only', async () => {
    // A skill that has not seen Alice yet: nothing cached to fall back on.
    const fresh = await startTestSkill(skillConfigFor(running.identity));
    try {
      const send = viaHttp(fresh.webhookUrl);
      const { accessToken } = await signIn(running.identity, ALICE);
      const before = running.getUserCalls();
      const chosen = new Conversation(send, { locale: 'en-US', accessToken }).startIn('ProfileComponent', {
        auth: 'linked',
        user: {
          sub: decodeJwt(accessToken).sub,
          username: ALICE.username,
          attributes: { name: 'Mallory', email: 'mallory@evil.test' },
        },
      });
      expect(speechOf(await chosen.ask('RequestInfoIntent', EMAIL))).toBe(yourEmail('mallory@evil.test'));
      expect(speechOf(await chosen.ask('HelloWorldIntent'))).toBe(
        rendered('en-US', 'hello.linked', { name: 'Mallory' }),
      );
      expect(running.getUserCalls()).toBe(before);

      const next = new Conversation(send, { locale: 'en-US', accessToken });
      expect(speechOf(await next.launch())).toBe(WELCOME);
      expect(speechOf(await next.ask('RequestInfoIntent', EMAIL))).toBe(yourEmail(ALICE.email));
      expect(running.getUserCalls()).toBe(before + 1);
    } finally {
      await fresh.close();
    }
  });

  test('a session carrying another subject than the token’s: Cognito’s user, not the session’s', async () => {
    const fresh = await startTestSkill(skillConfigFor(running.identity));
    try {
      const { accessToken } = await signIn(running.identity, ALICE);
      const other = new Conversation(viaHttp(fresh.webhookUrl), { locale: 'en-US', accessToken }).startIn(
        'ProfileComponent',
        {
          auth: 'linked',
          user: { sub: 'sub-of-someone-else', username: 'mallory', attributes: { email: 'mallory@evil.test' } },
        },
      );
      expect(speechOf(await other.ask('RequestInfoIntent', EMAIL))).toBe(yourEmail(ALICE.email));
    } finally {
      await fresh.close();
    }
  });
});
