/**
 * A Cognito user's own name is data, whatever they typed into it: through the real identity
 * service (GetUser) and the skill's HTTP server, a name written as an i18next template or as SSML
 * is spoken literally, escaped, and plays nothing. (Every locale and answer, with any value, is
 * covered in milliseconds by test/unit/userValues.test.ts.)
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { RunningSkillServer } from '../../src/server.express';
import { Conversation, viaHttp } from '../support/conversation';
import { RunningIdentity, signIn, skillConfigFor, startTestIdentity } from '../support/identity';
import { startTestSkill } from '../support/skill';
import { spokenText } from '../support/ssml';
import { rendered } from '../support/expectedText';

let identity: RunningIdentity;
let skill: RunningSkillServer;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  identity = await startTestIdentity();
  skill = await startTestSkill(skillConfigFor(identity));
  cognito = new CognitoIdentityProviderClient({
    region: identity.region,
    endpoint: identity.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  cognito?.destroy();
  await skill?.close();
  await identity?.close();
});

/** A pool user with this name (as an administrator or a sign-up form would create one), signed in. */
async function tokenOfUserNamed(username: string, name: string): Promise<string> {
  const password = 'Hostile-Name-1!';
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: identity.userPoolId,
      Username: username,
      UserAttributes: [
        { Name: 'name', Value: name },
        { Name: 'email', Value: `${username}@example.com` },
      ],
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: identity.userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  return (await signIn(identity, { username, password })).accessToken;
}

async function welcomeSsml(accessToken: string): Promise<string> {
  const response = await new Conversation(viaHttp(skill.webhookUrl), { locale: 'en-US', accessToken }).launch();
  return response.response.outputSpeech?.ssml ?? '';
}

test('a name nesting a translation with an <audio> tag in its JSON options plays no audio and is read out as written', async () => {
  const name = String.raw`Eve $t(infoType.emailAddress.value, {'value': '\u003caudio src=\u0027https://evil.test/x.mp3\u0027/\u003e'})`;
  const ssml = await welcomeSsml(await tokenOfUserNamed('eve', name));
  expect(ssml).not.toContain('<audio');
  expect(ssml).toContain(String.raw`{&apos;value&apos;: &apos;\u003caudio`);
  expect(spokenText(ssml)).toBe(rendered('en-US', 'welcome.linked', { name }));
});

test('"$t(goodbye) {{value}}" as a name is spoken literally, not as "Goodbye!" and an email address', async () => {
  const name = '$t(goodbye) {{value}} & <co>';
  const ssml = await welcomeSsml(await tokenOfUserNamed('dollar', name));
  expect(ssml).toContain('$t(goodbye) {{value}} &amp; &lt;co&gt;');
  expect(spokenText(ssml)).toBe(rendered('en-US', 'welcome.linked', { name }));
  expect(ssml).not.toContain('dollar@example.com');
});

test('a name of 2,048 quotes (Cognito’s limit; 12,288 characters escaped) gets answers Alexa accepts', async () => {
  const name = '"'.repeat(2048);
  const accessToken = await tokenOfUserNamed('quotes', name);
  const conversation = new Conversation(viaHttp(skill.webhookUrl), { locale: 'en-US', accessToken });
  const welcome = await conversation.launch();
  expect(spokenText(welcome.response.outputSpeech?.ssml)).toBe(rendered('en-US', 'welcome.nameless'));
  const profile = await conversation.ask('RequestInfoIntent', { value: 'profile', id: 'fullProfile' });
  const ssml = profile.response.outputSpeech?.ssml ?? '';
  expect(ssml.length).toBeLessThanOrEqual(8000);
  expect(spokenText(ssml)).toContain(
    rendered('en-US', 'infoType.name.value', { value: rendered('en-US', 'profile.tooLong') }),
  );
  expect(profile.response.card?.content).toContain(name);
});
