import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build, Plugin } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { accountLinkedEvent, intentRequest, launchRequest, sessionEndedRequest } from '../support/alexaEnvelopes';
import { ALICE, RunningIdentity, signIn, startTestIdentity } from '../support/identity';
import { ContainerRun, runContainer, speechOf, functionEnvironment, linkedUserSessions } from './lambdaFolder';
import { buildLambda } from '../../scripts/bundle';

const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';

/**
 * What the bundle leaves out or changes on the way (scripts/lambda/stubs.js, esModules.js,
 * lodashStack.js) must change nothing a user notices: no stub is ever reached, each throws a clear
 * error if it were, and the bundle answers exactly as one built from the packages as published.
 * The artefact is built by the function `npm run bundle` uses, with its code caches.
 */
describe('the Lambda bundle without what a turn never runs', () => {
  let work: string;
  let lambdaDir: string;
  let identity: RunningIdentity;
  let accessToken: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bundle-stubs-test-'));
    identity = await startTestIdentity();
    writeFileSync(join(work, 'pool-jwks.json'), await (await fetch(identity.jwksUri)).text());
    lambdaDir = join(work, 'lambda');
    await buildLambda({ outDir: lambdaDir, jwks: join(work, 'pool-jwks.json') });
    accessToken = (await signIn(identity, ALICE)).accessToken;
    env = functionEnvironment(identity, SKILL_ID);
  }, 60_000);

  afterAll(async () => {
    await identity?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A request of the linked user: a new session, or (`newSession: false`) the session before it. */
  const linked = linkedUserSessions(SKILL_ID, 'bundle-stubs-test', () => accessToken);

  it('never calls a stub on the linked path: GetUser answers with no AWS credentials anywhere', async () => {
    // The SDK's credential chain is stubbed (it would throw NotInLambdaBundleError): a linked turn
    // that greets the user by name got them from GetUser, which needs no credentials.
    const noCredentials = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AWS_')));
    const calls = identity.stats().getUserCalls;
    const run = await runContainer(
      lambdaDir,
      [
        launchRequest(linked()),
        intentRequest('RequestInfoIntent', linked({ newSession: false }), { value: 'profile', id: 'fullProfile' }),
        intentRequest('RequestInfoIntent', linked(), { value: 'user name', id: 'userName' }),
      ],
      { ...noCredentials, LOG_LEVEL: 'debug' },
    );
    expect(run.results.map(speechOf)).toEqual([
      expect.stringMatching(/^Welcome back, Alice Smith! /),
      expect.stringMatching(/^Here is your profile\. Your name is Alice Smith, .* alice@example\.com\.$/),
      'Your username is alice.',
    ]);
    expect(identity.stats().getUserCalls).toBeGreaterThan(calls);
    expect(run.logs.filter((line) => ['warn', 'error'].includes(String(line.level)))).toEqual([]);
    expect(JSON.stringify(run.logs)).not.toContain('NotInLambdaBundleError');
  });

  it('ships stubs that throw NotInLambdaBundleError, naming what is missing, if anything ever calls them', async () => {
    // The AWS SDK chunk as shipped: its client's credential provider is the stub's.
    const sdk = loadChunk(lambdaDir, 'cognito-sdk') as typeof import('@aws-sdk/client-cognito-identity-provider');
    const client = new sdk.CognitoIdentityProviderClient({ region: 'us-east-1' });
    try {
      await expect(client.config.credentials()).rejects.toMatchObject({
        name: 'NotInLambdaBundleError',
        message: expect.stringMatching(/^the AWS credential provider chain is not in the Lambda bundle/),
      });
    } finally {
      client.destroy();
    }
    // skill.js's stubs that can be called, and the chunk's ReadableStream, bundled by the same plugins.
    const { lambdaStubs, sdkChunkStubs, SDK_CHUNK_INJECT } = require('../../scripts/lambda/stubs') as {
      lambdaStubs: () => Plugin;
      sdkChunkStubs: () => Plugin;
      SDK_CHUNK_INJECT: string[];
    };
    const outfile = join(work, 'stubs.js');
    await build({
      stdin: {
        contents: `import axios from 'axios';
          import { parsePhoneNumber } from 'libphonenumber-js/max';
          import isEmail from 'validator/lib/isEmail';
          module.exports = { axios, parsePhoneNumber, isEmail, ReadableStream };`,
        resolveDir: work,
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      inject: SDK_CHUNK_INJECT,
      plugins: [lambdaStubs(), sdkChunkStubs()],
      logLevel: 'silent',
    });
    const stubs = require(outfile) as Record<string, (...args: unknown[]) => unknown> & {
      ReadableStream: new () => unknown;
    };
    const thrown = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        return error;
      }
      throw new Error('the stub returned');
    };
    for (const [name, what] of [
      ['axios', 'axios'],
      ['parsePhoneNumber', 'libphonenumber-js'],
      ['isEmail', 'this validator.js function'],
    ]) {
      expect(thrown(() => stubs[name]('x'))).toMatchObject({
        name: 'NotInLambdaBundleError',
        message: `${what} is not in the Lambda bundle (scripts/lambda/stubs.js)`,
      });
    }
    // Named as the global it stands for (the SDK compares constructor names), never the global.
    expect(stubs.ReadableStream.name).toBe('ReadableStream');
    expect(stubs.ReadableStream).not.toBe(globalThis.ReadableStream);
    expect(thrown(() => new stubs.ReadableStream())).toMatchObject({
      name: 'NotInLambdaBundleError',
      message: expect.stringMatching(/^Node's web streams \(the global ReadableStream\) is not in the Lambda bundle/),
    });
  });

  it('answers exactly as it would with the Jovo packages, lodash and the AWS SDK as published', async () => {
    // The shipped bundle takes Jovo's ES module builds (tree-shaken), patches lodash's visited-object
    // cache and stubs the SDK's credential chain; this folder has none of that.
    const published = join(work, 'as-published');
    await buildLambda({
      outDir: published,
      jwks: join(work, 'pool-jwks.json'),
      codeCache: false,
      jovoModules: 'commonjs',
      lodashMapStack: false,
      sdkStubs: false,
    });
    const [header, payload] = accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the pool signature').toString('base64url')}`;
    const events = (session: string) => [
      launchRequest({ ...linked(), sessionId: session }),
      intentRequest(
        'RequestInfoIntent',
        { ...linked({ newSession: false }), sessionId: session },
        { value: 'email', id: 'emailAddress' },
      ),
      intentRequest(
        'RequestInfoIntent',
        { ...linked({ newSession: false }), sessionId: session },
        { value: 'profile', id: 'fullProfile' },
      ),
      intentRequest('HelloWorldIntent', { ...linked({ newSession: false }), sessionId: session }),
      intentRequest('AMAZON.HelpIntent', { ...linked({ newSession: false }), sessionId: session }),
      intentRequest('AMAZON.StopIntent', { ...linked({ newSession: false }), sessionId: session }),
      launchRequest({ skillId: SKILL_ID, locale: 'de-DE', accessToken, sessionId: `${session}-de` }),
      launchRequest({ skillId: SKILL_ID, locale: 'es-ES', sessionId: `${session}-es` }),
      intentRequest(
        'RequestInfoIntent',
        { skillId: SKILL_ID, sessionId: `${session}-guest` },
        { value: 'email', id: 'emailAddress' },
      ),
      launchRequest({ skillId: SKILL_ID, accessToken: forged, sessionId: `${session}-forged` }),
      sessionEndedRequest({ ...linked(), sessionId: session }),
      accountLinkedEvent(accessToken, SKILL_ID),
      launchRequest({ skillId: 'amzn1.ask.skill.someone-else' }),
    ];
    const [shipped, reference] = await Promise.all([
      runContainer(lambdaDir, events('amzn1.echo-api.session.as-published'), env),
      runContainer(published, events('amzn1.echo-api.session.as-published'), env),
    ]);
    expect(comparable(shipped)).toEqual(comparable(reference));
    expect(speechOf(shipped.results[6])).toMatch(/^Willkommen zurück, Alice Smith!/);
  });
});

/** Runs a built chunk (cognito-sdk.js) the way index.js does, in this process; returns its exports. */
function loadChunk(dir: string, name: string): unknown {
  const file = join(dir, `${name}.js`);
  const module = { exports: {} };
  const wrapped = runInThisContext(readFileSync(file, 'utf8'), { filename: file }) as (...args: unknown[]) => void;
  wrapped(module.exports, createRequire(file), module, file, dir);
  return module.exports;
}

/** A container's answers as two builds of the same code must give them: session timestamps are left out. */
function comparable(run: ContainerRun): unknown {
  return JSON.parse(
    JSON.stringify(run.results, (key, value: unknown) =>
      ['createdAt', 'updatedAt'].includes(key) ? typeof value : value,
    ),
  );
}
