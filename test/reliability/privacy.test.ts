/**
 * Nothing an operator can read holds a credential or personal data: every log line written during
 * a full linked conversation, a fault run and an abuse run — the skill's logger, the identity
 * service's logger, console and the process's stdout/stderr, all at debug level — is free of
 * access, refresh and ID tokens, email addresses and passwords.
 */
import { decodeJwt, importJWK, KeyLike, SignJWT } from 'jose';
import { accountLinkedEvent } from '../support/alexaEnvelopes';
import { Conversation, speechOf, viaHttp } from '../support/conversation';
import { ALICE, BOB, signIn } from '../support/identity';
import { captureLogs, LogCapture, secretsIn, Secrets } from './support/logCapture';
import { FAULT_KINDS, FaultBench, startFaultBench } from './scenarios/faults';
import { poolSigningKey } from './support/stack';

let logs: LogCapture;
let bench: FaultBench;
const extraTokens: string[] = [];

beforeAll(async () => {
  logs = captureLogs();
  bench = await startFaultBench(logs);
});

afterAll(async () => {
  logs?.restore();
  await bench?.close();
});

function secrets(): Secrets {
  const base = bench.secrets();
  return { ...base, tokens: [...base.tokens, ...extraTokens] };
}

test('a full linked conversation', async () => {
  const tokens = await signIn(bench.stack.identity, ALICE);
  extraTokens.push(tokens.accessToken, tokens.refreshToken ?? '', tokens.idToken ?? '');
  const send = viaHttp(bench.stack.skill.webhookUrl);
  await send(accountLinkedEvent(tokens.accessToken));
  const talk = new Conversation(send, { locale: 'en-US', accessToken: tokens.accessToken });
  expect(speechOf(await talk.launch())).toMatch(/^Welcome back, Alice Smith!/);
  expect(speechOf(await talk.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' }))).toContain(ALICE.email);
  await talk.ask('RequestInfoIntent', { value: 'username', id: 'userName' });
  await talk.ask('RequestInfoIntent', { value: 'everything', id: 'fullProfile' });
  await talk.ask('RequestInfoIntent', { value: 'shoe size' });
  await talk.ask('HelloWorldIntent');
  await talk.ask('AMAZON.HelpIntent');
  await talk.ask('AMAZON.StopIntent');
  await talk.end('USER_INITIATED');
});

test('a fault run of every kind', async () => {
  for (const kind of FAULT_KINDS) await bench.run(kind, 6);
});

test('an abuse run: expired, forged and foreign tokens', async () => {
  const { accessToken } = await signIn(bench.stack.identity, BOB);
  const jwk = poolSigningKey(bench.stack.dataDir);
  const now = Math.floor(Date.now() / 1000);
  const expired = await new SignJWT({ ...decodeJwt(accessToken), exp: now - 60 })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
    .sign((await importJWK(jwk, 'RS256')) as KeyLike);
  const forged = accessToken.slice(0, -10) + 'AAAAAAAAAA';
  extraTokens.push(accessToken, expired, forged);
  const send = viaHttp(bench.stack.skill.webhookUrl);
  for (const token of [expired, forged, accessToken]) {
    await new Conversation(send, { locale: 'en-US', accessToken: token }).ask('RequestInfoIntent', {
      value: 'email',
      id: 'emailAddress',
    });
  }
});

test('the captured logs are real (skill and identity service lines at debug level)', () => {
  expect(logs.text()).toContain('"msg":"user loaded"');
  expect(logs.text()).toContain('"msg":"request"');
});

test('no log line holds an access, refresh or ID token, an email address or a password', () => {
  expect(secretsIn(logs.text(), secrets())).toEqual([]);
});
