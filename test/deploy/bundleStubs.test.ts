import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountLinkedEvent, intentRequest, launchRequest, sessionEndedRequest } from '../support/alexaEnvelopes';
import { ALICE, RunningIdentity, signIn, startTestIdentity } from '../support/identity';
import { ContainerRun, runContainer, speechOf, functionEnvironment, linkedUserSessions } from './lambdaFolder';
import { buildOptions } from '../../scripts/bundle';

const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';

interface Stub {
  filter: RegExp;
  contents: string;
}
const { STUBS, lambdaStubs } = require('../../scripts/lambda/stubs') as {
  STUBS: Stub[];
  lambdaStubs: (stubs?: Stub[]) => import('esbuild').Plugin;
};

/** chalk's stub, but throwing when called: the build it goes into shows whether any request calls it. */
const THROWING_CHALK = `const { NotInLambdaBundleError } = require('lambda-stub:error');
  const chalk = new Proxy(function chalk() { throw new NotInLambdaBundleError('chalk'); }, {
    get: (target, key) => (typeof key === 'string' && !(key in Function.prototype) ? chalk : target[key]),
  });
  module.exports = chalk;`;

/**
 * What the build stubs (scripts/lambda/stubs.js) and takes from the packages' ES module builds must
 * change nothing a user notices: every request type answers as it does built from the packages as
 * published (each package's "main", nothing stubbed), and no stub is reached. The stubs of axios and
 * of the AWS credential chain throw NotInLambdaBundleError when called; chalk's passes text through,
 * so a third build has a throwing chalk. source-map-support's install() does nothing, and Jovo calls
 * it when it loads, not for a request.
 */
describe('the Lambda bundle without what a turn never runs', () => {
  let work: string;
  let identity: RunningIdentity;
  let accessToken: string;
  let env: Record<string, string>;

  const buildInto = async (name: string, overrides: Parameters<typeof build>[0] = {}) => {
    const dir = join(work, name);
    await build({ ...buildOptions(dir), metafile: false, ...overrides });
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(await (await fetch(identity.jwksUri)).json()));
    return dir;
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bundle-stubs-test-'));
    identity = await startTestIdentity();
    accessToken = (await signIn(identity, ALICE)).accessToken;
    env = functionEnvironment(identity, SKILL_ID);
  }, 60_000);

  afterAll(async () => {
    await identity?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const linked = linkedUserSessions(SKILL_ID, 'bundle-stubs-test', () => accessToken);

  /** Every request type, linked and not, in three languages, with a forged token and for another skill. */
  const everyRequest = () => {
    const [header, payload] = accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the pool signature').toString('base64url')}`;
    const s = 'amzn1.echo-api.session.stubs';
    const next = () => ({ ...linked({ newSession: false }), sessionId: s });
    return [
      launchRequest({ ...linked(), sessionId: s }),
      intentRequest('RequestInfoIntent', next(), { value: 'email', id: 'emailAddress' }),
      intentRequest('RequestInfoIntent', next(), { value: 'user name', id: 'userName' }),
      intentRequest('RequestInfoIntent', next(), { value: 'profile', id: 'fullProfile' }),
      intentRequest('RequestInfoIntent', next(), { value: 'shoe size' }),
      intentRequest('HelloWorldIntent', next()),
      intentRequest('AMAZON.HelpIntent', next()),
      intentRequest('AMAZON.FallbackIntent', next()),
      intentRequest('AMAZON.NavigateHomeIntent', next()),
      intentRequest('AMAZON.StopIntent', next()),
      launchRequest({ skillId: SKILL_ID, locale: 'de-DE', accessToken, sessionId: `${s}-de` }),
      launchRequest({ skillId: SKILL_ID, locale: 'es-ES', sessionId: `${s}-es` }),
      intentRequest('RequestInfoIntent', { skillId: SKILL_ID, sessionId: `${s}-guest` }, { value: 'email' }),
      intentRequest('HelloWorldIntent', { skillId: SKILL_ID, sessionId: `${s}-guest2` }),
      intentRequest('AMAZON.HelpIntent', { skillId: SKILL_ID, sessionId: `${s}-guest3` }),
      launchRequest({ skillId: SKILL_ID, accessToken: forged, sessionId: `${s}-forged` }),
      sessionEndedRequest({ ...linked(), sessionId: s }),
      accountLinkedEvent(accessToken, SKILL_ID),
      launchRequest({ skillId: 'amzn1.ask.skill.someone-else' }),
    ];
  };

  it('answers every request type as the build of the packages as published does, reaching no stub', async () => {
    const [shipped, tripwire, published] = await Promise.all([
      buildInto('shipped'),
      buildInto('throwing-chalk', {
        // The shipped build's plugins, with chalk's stub swapped for the throwing one.
        plugins: (buildOptions('').plugins ?? []).map((plugin) =>
          plugin.name === lambdaStubs().name
            ? lambdaStubs(
                STUBS.map((stub) => (stub.filter.test('chalk') ? { ...stub, contents: THROWING_CHALK } : stub)),
              )
            : plugin,
        ),
      }),
      buildInto('published', { mainFields: ['main', 'module'], plugins: [] }),
    ]);
    // GetUser needs no AWS credentials: with none anywhere, the stubbed credential chain is never asked.
    const noCredentials = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AWS_')));
    const events = everyRequest();
    const runs = await Promise.all(
      [shipped, tripwire, published].map((dir) => runContainer(dir, events, noCredentials)),
    );
    expect(comparable(runs[0])).toEqual(comparable(runs[2]));
    expect(comparable(runs[1])).toEqual(comparable(runs[2]));
    const said = runs[0].results.map((result) => ('answer' in result ? speechOf(result) : result.error.name));
    expect(said[0]).toMatch(/^Welcome back, Alice Smith!/);
    expect(said[3]).toMatch(/^Here is your profile\. .*Alice Smith.* alice@example\.com\.$/);
    expect(said[10]).toMatch(/^Willkommen zurück, Alice Smith!/);
    expect(said[18]).toBe('AlexaRequestRejectedError');
    for (const run of runs.slice(0, 2)) {
      expect(run.logs.filter((line) => line.level === 'error')).toEqual([]);
      expect(JSON.stringify(run)).not.toContain('NotInLambdaBundleError');
    }
  }, 60_000);

  it('ships stubs that throw NotInLambdaBundleError, naming what is missing, if anything ever calls them', async () => {
    const outfile = join(work, 'stubs.js');
    await build({
      stdin: {
        contents: `import axios from 'axios';
          import { defaultProvider } from '@aws-sdk/credential-provider-node';
          module.exports = { axios, credentials: defaultProvider() };`,
        resolveDir: work,
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      plugins: [lambdaStubs()],
      logLevel: 'silent',
    });
    const stubs = require(outfile) as { axios: () => unknown; credentials: () => Promise<unknown> };
    expect(() => stubs.axios()).toThrow(
      expect.objectContaining({
        name: 'NotInLambdaBundleError',
        message: 'axios is not in the Lambda bundle (scripts/lambda/stubs.js)',
      }),
    );
    await expect(stubs.credentials()).rejects.toMatchObject({
      name: 'NotInLambdaBundleError',
      message: 'the AWS credential provider chain is not in the Lambda bundle (scripts/lambda/stubs.js)',
    });
  });
});

/** A container's answers as two builds of the same code must give them: session timestamps are left out. */
function comparable(run: ContainerRun): unknown {
  return JSON.parse(
    JSON.stringify(run.results, (key, value: unknown) =>
      ['createdAt', 'updatedAt'].includes(key) ? typeof value : value,
    ),
  );
}
