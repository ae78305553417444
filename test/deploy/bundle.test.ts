import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountLinkedEvent, intentRequest, launchRequest, sessionEndedRequest } from '../support/alexaEnvelopes';
import { ALICE, RunningIdentity, signIn, startTestIdentity } from '../support/identity';
import { runContainer, speechOf, functionEnvironment, linkedUserSessions } from './lambdaFolder';
import { runNpm } from './run';
import { emfErrors, metricsOf } from '../support/emf';

const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
/**
 * `npm run bundle` builds the Lambda code folder into a temporary folder of the test's own, with no
 * node_modules anywhere above it, and the tests run it the way Lambda does.
 */
describe('npm run bundle (the Lambda artefact)', () => {
  let work: string;
  let lambdaDir: string;
  let buildOutput: string;
  let identity: RunningIdentity;
  let accessToken: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bundle-test-'));
    identity = await startTestIdentity();
    const jwksFile = join(work, 'pool-jwks.json');
    writeFileSync(jwksFile, await (await fetch(identity.jwksUri)).text());
    lambdaDir = join(work, 'function');
    const result = await runNpm('bundle', ['--out', lambdaDir, '--jwks', jwksFile]);
    buildOutput = result.stdout + result.stderr;
    if (result.code !== 0) throw new Error(`npm run bundle failed:\n${buildOutput}`);
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

  it('writes index.js, the SDK file and the pool keys, nothing else', () => {
    expect(readdirSync(lambdaDir).sort()).toEqual(['cognitoSdk.js', 'index.js', 'jwks.json']);
    expect(buildOutput).toContain('handler index.handler');
  });

  it('leaves the Jovo CLI code out and puts the AWS SDK in its own file', () => {
    const skill = readFileSync(join(lambdaDir, 'index.js'), 'utf8');
    const sdk = readFileSync(join(lambdaDir, 'cognitoSdk.js'), 'utf8');
    // Booleans, not toContain: a failure must not print half a megabyte of minified code.
    expect(skill.includes('Building Alexa Skill files')).toBe(false);
    expect(skill.includes('AWSCognitoIdentityProviderService')).toBe(false);
    expect(sdk.includes('AWSCognitoIdentityProviderService')).toBe(true);
  });

  it('answers every request a linked user can make, in one container, asking Cognito once per token', async () => {
    const calls = identity.stats().getUserCalls;
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
      expect.stringMatching(/^Here is your profile\. .*Alice Smith.* alice\b.* alice@example\.com\.$/),
      expect.stringMatching(
        /^I'm not sure what you asked for, so here is your whole profile\. .*alice@example\.com\.$/,
      ),
      expect.stringMatching(/^Hello Alice Smith! /),
      expect.stringMatching(/^I can tell you about your profile\./),
      expect.stringMatching(/^Sorry, I didn't get that\./),
      'Goodbye!',
      'Goodbye!',
      '',
      'Your email address is alice@example.com.',
      'Goodbye!',
      '',
    ]);
    // One GetUser for the token; the second session and the linking event find the user known.
    expect(identity.stats().getUserCalls - calls).toBe(1);
    expect(run.loaded.files.sort()).toEqual(['cognitoSdk.js', 'index.js']);
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

  it('writes one EMF document per launch naming its link state, GetUser latency in Milliseconds, and the cold start once', async () => {
    const [header, payload] = accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the pool signature').toString('base64url')}`;
    const run = await runContainer(
      lambdaDir,
      [
        launchRequest(linked()),
        launchRequest({ skillId: SKILL_ID }),
        launchRequest({ skillId: SKILL_ID, accessToken: forged }),
      ],
      // What Lambda and the stack set: an on-demand start, the service's name.
      { ...env, AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', POWERTOOLS_SERVICE_NAME: 'profile-keeper' },
    );
    const documents = run.logs.filter((line) => '_aws' in line);
    for (const document of documents) expect(emfErrors(document)).toEqual([]);
    expect(documents.filter((document) => 'ColdStart' in document)).toHaveLength(1);
    const perRequest = documents.filter((document) => !('ColdStart' in document));
    expect(perRequest.map((document) => ['Linked', 'NotLinked'].filter((state) => state in document))).toEqual([
      ['Linked'],
      ['NotLinked'],
      ['NotLinked'],
    ]);
    expect(metricsOf(perRequest[0])).toMatchObject({ GetUserLatency: 'Milliseconds', GetUserCalls: 'Count' });
    expect(perRequest[0]).toMatchObject({ service: 'profile-keeper', stage: 'prod', GetUserCalls: 1 });
    expect(perRequest[2]).not.toHaveProperty('GetUserCalls');
  });

  it('reads neither the SDK file nor https at the start of an unlinked launch', async () => {
    const run = await runContainer(lambdaDir, [launchRequest({ skillId: SKILL_ID })], env);
    expect(speechOf(run.results[0])).toMatch(/^Welcome to Profile Keeper\. /);
    expect(run.loaded).toEqual({ files: ['index.js'], builtins: [] });
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

  it('refuses an event for another skill, naming why in the log', async () => {
    const run = await runContainer(lambdaDir, [launchRequest({ skillId: 'amzn1.ask.skill.someone-else' })], env);
    expect(run.results[0]).toEqual({ error: { name: 'AlexaRequestRejectedError', message: expect.any(String) } });
    expect(run.logs).toContainEqual(
      expect.objectContaining({ msg: 'alexa request rejected', reason: 'wrong-skill-id' }),
    );
  });
});
