import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build, Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountLinkedEvent, intentRequest, launchRequest, sessionEndedRequest } from '../support/alexaEnvelopes';
import { ALICE, RunningIdentity, signIn, startTestIdentity } from '../support/identity';
import { runContainer, speechOf, unzip, functionEnvironment, linkedUserSessions } from './lambdaFolder';
import { cachePaysInLambda } from '../../scripts/bundle';
import { runNpm } from './run';

const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
const MAX_JAVASCRIPT_BYTES = 1_000_000;
const SHIPPED = ['index.js', 'skill.js', 'skill.cache', 'cognito-sdk.js', 'cognito-sdk.cache', 'jwks.json'];

/**
 * `npm run bundle` builds the Lambda artefact into a folder of the test's own, and the tests run
 * what the zip holds, unpacked into an empty folder, the way Lambda runs it.
 */
describe('npm run bundle (the Lambda artefact)', () => {
  let work: string;
  let lambdaDir: string;
  let zipEntries: string[];
  let buildOutput: string;
  let identity: RunningIdentity;
  let accessToken: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bundle-test-'));
    identity = await startTestIdentity();
    const jwksFile = join(work, 'pool-jwks.json');
    writeFileSync(jwksFile, await (await fetch(identity.jwksUri)).text());
    // --code-cache: the caches are made even where Lambda would not take them, to run them here.
    const result = await runNpm('bundle', ['--out', join(work, 'bundle'), '--jwks', jwksFile, '--code-cache']);
    buildOutput = result.stdout + result.stderr;
    if (result.code !== 0) throw new Error(`npm run bundle failed:\n${buildOutput}`);
    lambdaDir = join(work, 'lambda');
    mkdirSync(lambdaDir);
    zipEntries = unzip(join(work, 'bundle', 'skill.zip'), lambdaDir);
    accessToken = (await signIn(identity, ALICE)).accessToken;
    env = functionEnvironment(identity, SKILL_ID);
  }, 60_000);

  afterAll(async () => {
    identity?.clearFaults();
    await identity?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A request of the linked user: a new session, or (`newSession: false`) the session before it. */
  const linked = linkedUserSessions(SKILL_ID, 'bundle-test', () => accessToken);

  it('zips the entry point and what it loads, nothing else, and keeps the JavaScript within 1,000,000 bytes', () => {
    expect([...zipEntries].sort()).toEqual([...SHIPPED].sort());
    const bytes = ['skill.js', 'cognito-sdk.js'].reduce((sum, f) => sum + readFileSync(join(lambdaDir, f)).length, 0);
    expect(bytes).toBeLessThanOrEqual(MAX_JAVASCRIPT_BYTES);
    expect(buildOutput).toContain(`JavaScript ${bytes} bytes`);
  });

  it("makes code caches by default only on the Node and CPU architecture of the template's function", async () => {
    const result = await runNpm('bundle', ['--out', join(work, 'default')]);
    expect(result.code).toBe(0);
    const caches = readdirSync(join(work, 'default')).filter((file) => file.endsWith('.cache'));
    if (cachePaysInLambda().pays) {
      expect(caches.sort()).toEqual(['cognito-sdk.cache', 'skill.cache']);
    } else {
      expect(caches).toEqual([]);
      expect(result.stdout).toMatch(/no code cache: Lambda runs Node \d+ on \w+, this is Node v[\d.]+ on \w+/);
    }
  });

  it('leaves the Jovo CLI code out and puts the AWS SDK in its own file', () => {
    const skill = readFileSync(join(lambdaDir, 'skill.js'), 'utf8');
    const sdk = readFileSync(join(lambdaDir, 'cognito-sdk.js'), 'utf8');
    // Booleans, not toContain: a failure must not print half a megabyte of minified code.
    expect(skill.includes('Building Alexa Skill files')).toBe(false);
    expect(skill.includes('AWSCognitoIdentityProviderService')).toBe(false);
    expect(sdk.includes('AWSCognitoIdentityProviderService')).toBe(true);
  });

  it('answers every request a linked user can make, in one container, with no node_modules present', async () => {
    const run = await runContainer(
      lambdaDir,
      [
        launchRequest(linked()),
        intentRequest('RequestInfoIntent', linked({ newSession: false }), { value: 'email', id: 'emailAddress' }),
        intentRequest('RequestInfoIntent', linked({ newSession: false }), { value: 'user name', id: 'userName' }),
        intentRequest('RequestInfoIntent', linked({ newSession: false }), { value: 'profile', id: 'fullProfile' }),
        intentRequest('RequestInfoIntent', linked({ newSession: false }), { value: 'shoe size' }),
        intentRequest('HelloWorldIntent', linked({ newSession: false })),
        intentRequest('AMAZON.HelpIntent', linked({ newSession: false })),
        intentRequest('AMAZON.FallbackIntent', linked({ newSession: false })),
        intentRequest('AMAZON.NavigateHomeIntent', linked({ newSession: false })),
        intentRequest('AMAZON.CancelIntent', linked({ newSession: false })),
        sessionEndedRequest(linked({ newSession: false })),
        intentRequest('RequestInfoIntent', linked(), { value: 'email', id: 'emailAddress' }),
        intentRequest('AMAZON.StopIntent', linked({ newSession: false })),
        accountLinkedEvent(accessToken, SKILL_ID),
      ],
      env,
    );
    const said = run.results.map((result) => ('answer' in result ? speechOf(result) : result.error.name));
    expect(said).toEqual([
      expect.stringMatching(/^Welcome back, Alice Smith! /),
      'Your email address is alice@example.com.',
      'Your username is alice.',
      'Here is your profile. Your name is Alice Smith, your username is alice, and your email address is alice@example.com.',
      expect.stringMatching(/^I'm not sure what you asked for, so here is your whole profile\. Here is your profile\./),
      expect.stringMatching(/^Hello Alice Smith! /),
      expect.stringMatching(/^I can tell you your email address/),
      expect.stringMatching(/^Sorry, I didn't get that\./),
      'Goodbye!',
      'Goodbye!',
      '',
      'Your email address is alice@example.com.',
      'Goodbye!',
      '',
    ]);
    expect(identity.stats().getUserCalls).toBeGreaterThanOrEqual(1);
    expect(run.logs.filter((line) => line.level === 'error')).toEqual([]);
    // The dialogue state names the component as the source does: a session open across a deploy keeps it.
    const profileAnswer = run.results[1] as { answer: { sessionAttributes?: { state?: unknown } } };
    expect(profileAnswer.answer.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);
  });

  it('starts and answers without logging a single error', async () => {
    const run = await runContainer(lambdaDir, [launchRequest(linked()), launchRequest({ skillId: SKILL_ID })], env);
    expect(run.results.map(speechOf)).toEqual([
      expect.stringMatching(/^Welcome back/),
      expect.stringMatching(/^Welcome to/),
    ]);
    expect(run.logs.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('answers every request of a user who has not linked, with the LinkAccount card where the account is needed', async () => {
    const guest = { skillId: SKILL_ID };
    const run = await runContainer(
      lambdaDir,
      [
        launchRequest(guest),
        intentRequest('RequestInfoIntent', guest, { value: 'email', id: 'emailAddress' }),
        intentRequest('HelloWorldIntent', guest),
        intentRequest('AMAZON.HelpIntent', guest),
        intentRequest('AMAZON.StopIntent', guest),
      ],
      env,
    );
    const cards = run.results.map((result) => ('answer' in result ? result.answer.response.card?.type : 'error'));
    expect(cards).toEqual(['LinkAccount', 'LinkAccount', 'LinkAccount', undefined, undefined]);
    expect(speechOf(run.results[0])).toMatch(/^Welcome to Profile Keeper\. .*link your account/);
    expect(speechOf(run.results[3])).toMatch(/^Profile Keeper tells you about your account once it is linked\./);
    expect(speechOf(run.results[4])).toBe('Goodbye!');
  });

  it("runs with its code caches accepted under Lambda's node flags", async () => {
    const run = await runContainer(lambdaDir, [launchRequest(linked())], env);
    expect(speechOf(run.results[0])).toMatch(/^Welcome back, Alice Smith! /);
    expect(run.codeCache).toEqual({ skill: 'accepted', 'cognito-sdk': 'accepted' });
  });

  it('still answers when the code caches are missing', async () => {
    const bare = join(work, 'no-cache');
    mkdirSync(bare);
    for (const file of readdirSync(lambdaDir).filter((f) => !f.endsWith('.cache'))) {
      copyFileSync(join(lambdaDir, file), join(bare, file));
    }
    const run = await runContainer(bare, [launchRequest(linked())], env);
    expect(speechOf(run.results[0])).toMatch(/^Welcome back, Alice Smith! /);
    expect(run.codeCache).toEqual({ skill: 'absent', 'cognito-sdk': 'absent' });
  });

  it('still answers when V8 refuses a stale cache, and says so once in the log', async () => {
    const stale = join(work, 'stale-cache');
    mkdirSync(stale);
    for (const file of readdirSync(lambdaDir)) copyFileSync(join(lambdaDir, file), join(stale, file));
    // Each file gets the other's cache: valid caches, for different code, as after a partial deploy.
    copyFileSync(join(lambdaDir, 'skill.cache'), join(stale, 'cognito-sdk.cache'));
    copyFileSync(join(lambdaDir, 'cognito-sdk.cache'), join(stale, 'skill.cache'));
    const run = await runContainer(stale, [launchRequest(linked()), launchRequest(linked())], env);
    expect(run.results.map(speechOf)).toEqual([
      expect.stringMatching(/^Welcome back, Alice Smith! /),
      expect.stringMatching(/^Welcome back, Alice Smith! /),
    ]);
    expect(run.codeCache).toEqual({ skill: 'rejected', 'cognito-sdk': 'rejected' });
    expect(run.logs.filter((line) => /code cache refused/.test(String(line.msg)))).toEqual([
      expect.objectContaining({ level: 'warn', file: 'skill.js' }),
    ]);
  });

  it('logs error names as written, not as minified: a forged token is an InvalidAccessTokenError', async () => {
    const [header, payload] = accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the pool signature').toString('base64url')}`;
    const run = await runContainer(lambdaDir, [launchRequest({ skillId: SKILL_ID, accessToken: forged })], {
      ...env,
      LOG_LEVEL: 'debug',
    });
    expect(run.results[0]).toHaveProperty('answer.response.card.type', 'LinkAccount');
    expect(run.logs).toContainEqual(expect.objectContaining({ msg: 'user loaded', source: 'InvalidAccessTokenError' }));
  });

  it('logs a Cognito outage as CognitoUnavailableError, and apologises to the user', async () => {
    identity.setFaults({ errorRate: 1 });
    try {
      const run = await runContainer(lambdaDir, [launchRequest(linked())], { ...env, LOG_LEVEL: 'debug' });
      expect(speechOf(run.results[0])).toMatch(/^Sorry, I can't reach your account right now\./);
      expect(run.logs).toContainEqual(
        expect.objectContaining({ msg: 'user loaded', source: 'CognitoUnavailableError' }),
      );
    } finally {
      identity.clearFaults();
    }
  });

  it("stands in for https with Node's own request, loaded when first called (the JWKS download path)", async () => {
    const { lazyBuiltins } = require('../../scripts/lambda/lazyBuiltins') as { lazyBuiltins: Plugin };
    const outfile = join(work, 'lazy-https.js');
    await build({
      stdin: { contents: "import { request } from 'https'; module.exports = request;", resolveDir: work },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      plugins: [lazyBuiltins],
      logLevel: 'silent',
    });
    const request = require(outfile) as typeof import('node:https').request;
    // Nothing listens on port 9: a real https request fails to connect; a broken stand-in throws.
    const failure = await new Promise<NodeJS.ErrnoException>((resolve) =>
      request('https://127.0.0.1:9/').on('error', resolve),
    );
    expect(failure.code).toBe('ECONNREFUSED');
  });

  it('refuses an event for another skill, naming why in the log', async () => {
    const run = await runContainer(lambdaDir, [launchRequest({ skillId: 'amzn1.ask.skill.someone-else' })], env);
    expect(run.results[0]).toEqual({ error: { name: 'AlexaRequestRejectedError', message: expect.any(String) } });
    expect(run.logs).toContainEqual(
      expect.objectContaining({ msg: 'alexa request rejected', reason: 'wrong-skill-id' }),
    );
  });
});
