/**
 * Nothing an operator can read holds a credential, personal data or text a caller chose: every log
 * line written — by the skill's logger, the identity service's logger, console and the process's
 * stdout/stderr, all at debug level — during a linked conversation, faults, token abuse, a made-up
 * dialogue state and failures inside the skill. Each test asserts what the user heard and what its
 * own log lines hold.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeJwt, importJWK, KeyLike, SignJWT } from 'jose';
import type { LoadLinkedUser } from '../../src/cognito/loadLinkedUser';
import { accountLinkedEvent, intentRequest, launchRequest } from '../support/alexaEnvelopes';
import { Conversation, speechOf, viaHttp } from '../support/conversation';
import { ALICE, BOB, signIn, skillConfigFor } from '../support/identity';
import { startTestSkill } from '../support/skill';
import { postRaw, spoken } from './support/http';
import { captureLogs, LogCapture, Secrets, secretsIn } from './support/logCapture';
import { FAULT_KINDS, FaultBench, startFaultBench } from './scenarios/faults';
import { poolSigningKey } from './support/stack';
import { rendered } from '../support/expectedText';

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

/** The log lines written while `work` ran, as one text. */
async function logsOf(work: () => Promise<void>): Promise<{ text: string; entries: Record<string, unknown>[] }> {
  const from = logs.lines.length;
  await work();
  const lines = logs.lines.slice(from);
  const entries = lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  return { text: lines.join('\n'), entries };
}

test('a full linked conversation: Alice hears her profile, and its log lines hold no token, email or password', async () => {
  const tokens = await signIn(bench.stack.identity, ALICE);
  extraTokens.push(tokens.accessToken, tokens.refreshToken ?? '', tokens.idToken ?? '');
  const send = viaHttp(bench.stack.skill.webhookUrl);
  const { text } = await logsOf(async () => {
    expect((await send(accountLinkedEvent(tokens.accessToken))).response.outputSpeech).toBeUndefined();
    const talk = new Conversation(send, { locale: 'en-US', accessToken: tokens.accessToken });
    expect(speechOf(await talk.launch())).toBe(rendered('en-US', 'welcome.linked', { name: ALICE.name }));
    expect(speechOf(await talk.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' }))).toBe(
      rendered('en-US', 'infoType.emailAddress.value', { value: ALICE.email }),
    );
    expect(speechOf(await talk.ask('RequestInfoIntent', { value: 'everything', id: 'fullProfile' }))).toContain(
      ALICE.email,
    );
    expect(speechOf(await talk.ask('AMAZON.StopIntent'))).toBe(rendered('en-US', 'goodbye'));
  });
  // Real lines were written at debug level (the skill's and the identity service's), and none leaks.
  expect(text).toContain('"msg":"user loaded"');
  expect(text).toContain('"msg":"request"');
  expect(secretsIn(text, secrets())).toEqual([]);
});

test('faults of every kind: users hear the apology, and the log lines hold no token, email or password', async () => {
  const { text } = await logsOf(async () => {
    for (const kind of FAULT_KINDS) expect(kind.check(await bench.run(kind, 6), 6)).toEqual([]);
  });
  expect(text).not.toBe('');
  expect(secretsIn(text, secrets())).toEqual([]);
});

test('expired and forged tokens get the LinkAccount card, Bob’s own token his email; the log lines hold none of it', async () => {
  const { accessToken } = await signIn(bench.stack.identity, BOB);
  const jwk = poolSigningKey(bench.stack.dataDir);
  const expired = await new SignJWT({ ...decodeJwt(accessToken), exp: Math.floor(Date.now() / 1000) - 60 })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
    .sign((await importJWK(jwk, 'RS256')) as KeyLike);
  const forged = accessToken.slice(0, -10) + 'AAAAAAAAAA';
  extraTokens.push(accessToken, expired, forged);
  const send = viaHttp(bench.stack.skill.webhookUrl);
  const ask = (token: string) =>
    new Conversation(send, { locale: 'en-US', accessToken: token }).ask('RequestInfoIntent', {
      value: 'email',
      id: 'emailAddress',
    });
  const { text } = await logsOf(async () => {
    expect((await ask(expired)).response.card).toEqual({ type: 'LinkAccount' });
    expect((await ask(forged)).response.card).toEqual({ type: 'LinkAccount' });
    expect(speechOf(await ask(accessToken))).toBe(
      rendered('en-US', 'infoType.emailAddress.value', { value: BOB.email }),
    );
  });
  expect(text).toContain('"linkState":"relink-needed"');
  expect(secretsIn(text, secrets())).toEqual([]);
});

test('a dialogue state naming a component "password=hunter2 refresh_token=abc" is answered, and never logged', async () => {
  const envelope = intentRequest('AMAZON.FallbackIntent', {
    newSession: false,
    attributes: { state: [{ component: 'password=hunter2 refresh_token=abc' }], data: {} },
  });
  const { text } = await logsOf(async () => {
    const reply = await postRaw(bench.stack.skill.webhookUrl, JSON.stringify(envelope));
    expect(reply.status).toBe(200);
    expect(spoken(reply.body)).toBe(rendered('en-US', 'fallback.message'));
  });
  expect(text).not.toBe('');
  expect(text).not.toMatch(/hunter2|refresh_token=abc/);
});

describe('a failure inside the skill is logged by name (and code locations), never by message', () => {
  // No real part fails like this on demand: a user loader with a bug stands in for one.
  const leakyMessage = () => `lookup failed for ${bench.tokens[0].accessToken} (${ALICE.email}) password=hunter2`;

  async function skillWith(loadLinkedUser: LoadLinkedUser) {
    return startTestSkill(skillConfigFor(bench.stack.identity), { loadLinkedUser, logger: logs.skillLogger });
  }

  test('a user lookup that throws: the user hears the apology; the log says "user lookup failed" and the error’s name', async () => {
    const skill = await skillWith(async () => {
      throw new Error(leakyMessage());
    });
    try {
      const { text, entries } = await logsOf(async () => {
        const reply = await postRaw(skill.webhookUrl, JSON.stringify(launchRequest({ accessToken: 'any-token' })));
        expect(spoken(reply.body)).toBe(rendered('en-US', 'unavailable.message'));
      });
      expect(entries).toContainEqual(
        expect.objectContaining({ level: 'error', msg: 'user lookup failed', errorName: 'Error' }),
      );
      expect(text).not.toMatch(/lookup failed for|hunter2/);
      expect(secretsIn(text, secrets())).toEqual([]);
    } finally {
      await skill.close();
    }
  });

  test('a request that fails in a handler: the user hears "something went wrong"; the log names a TypeError', async () => {
    // A loader answering attributes that cannot be read (no real Cognito answers so): the first
    // read, the welcome's, throws a TypeError whose message quotes the user's email and a password.
    let reads = 0;
    const attributes = new Proxy(
      {},
      {
        ownKeys: () => {
          reads += 1;
          if (reads === 1) throw new TypeError(leakyMessage());
          return [];
        },
      },
    );
    const user = { sub: 'sub-x', username: 'x', attributes };
    const skill = await skillWith(async () => ({ state: 'linked', user, source: 'cognito' }));
    try {
      const { text, entries } = await logsOf(async () => {
        const reply = await postRaw(skill.webhookUrl, JSON.stringify(launchRequest({ accessToken: 'any-token' })));
        expect(reply.status).toBe(200);
        expect(spoken(reply.body)).toBe(rendered('en-US', 'error.generic'));
      });
      const failure = entries.find((entry) => entry.msg === 'request failed');
      expect(failure).toMatchObject({ level: 'error', error: { name: 'TypeError' } });
      expect((failure?.error as { stack: string[] }).stack[0]).toMatch(/^at /);
      expect(text).not.toMatch(/lookup failed for|hunter2/);
    } finally {
      await skill.close();
    }
  });
});

test('over the whole run, setup included, no log line holds a token, an email address or a password', () => {
  expect(logs.lines.length).toBeGreaterThan(0);
  expect(secretsIn(logs.text(), secrets())).toEqual([]);
});
