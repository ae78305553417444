import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import appJson from '../../app.json';
import { schemaErrors } from './askSchemas';
import { ROOT, runNpm } from './run';
import { LanguageModel, matchSample } from './samples';

/**
 * `npm run build:alexa` checked the way the Alexa tooling reads the skill package: the manifest
 * fields SMAPI requires and their limits (ASK skill manifest schema), account linking, and the
 * interaction model of every locale.
 */
const SKILL_PACKAGE = join(ROOT, 'build', 'platform.alexa', 'skill-package');
const LOCALES = ['en-US', 'en-GB', 'de-DE', 'es-ES'];
// Made up per run, so finding it in a file means the build wrote it there.
const TEST_SECRET = `test-secret-${randomUUID()}`;
// Words Alexa does not accept in an invocation name (launch phrases, wake words, connecting words).
const FORBIDDEN_INVOCATION_WORDS = [
  'alexa',
  'amazon',
  'echo',
  'computer',
  'skill',
  'app',
  'launch',
  'ask',
  'tell',
  'open',
  'load',
  'begin',
  'enable',
];
const ACCOUNT_LINKING_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const readJson = (...parts: string[]): Json => JSON.parse(readFileSync(join(...parts), 'utf8')) as Json;

interface Build {
  output: string;
  manifest: Json;
  accountLinking: Json;
  models: Record<string, Json>;
}

function readBuild(output: string): Build {
  return {
    output,
    manifest: readJson(SKILL_PACKAGE, 'skill.json').manifest,
    accountLinking: readJson(SKILL_PACKAGE, 'accountLinking.json').accountLinkingRequest,
    models: Object.fromEntries(
      LOCALES.map((locale) => [locale, readJson(SKILL_PACKAGE, 'interactionModels', 'custom', `${locale}.json`)]),
    ),
  };
}

async function build(stage: 'dev' | 'prod', secret?: string): Promise<Build> {
  const result = await runNpm('build:alexa', ['--stage', stage], { COGNITO_CLIENT_SECRET: secret });
  if (result.code !== 0) throw new Error(`build:alexa --stage ${stage} failed:\n${result.stdout}\n${result.stderr}`);
  return readBuild(result.stdout + result.stderr);
}

/** Tracked files plus new files git would pick up (everything not ignored). */
function filesGitWouldCommit(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file && existsSync(join(ROOT, file)));
}

describe('npm run build:alexa (skill package)', () => {
  let dev: Build;
  let withSecret: Build;
  let prod: Build;
  let committable: string[];

  beforeAll(async () => {
    dev = await build('dev');
    withSecret = await build('prod', TEST_SECRET);
    committable = filesGitWouldCommit().filter((file) => readFileSync(join(ROOT, file)).includes(TEST_SECRET));
    // Last, so the build folder is left without the secret.
    prod = await build('prod');
  }, 120_000);

  it('passes the Skill Management API schemas (ask-smapi-model) in every file, for both stages', () => {
    for (const result of [dev, withSecret, prod]) {
      // Dev points at the local webhook (http://localhost), which only the simulator calls; Alexa
      // wants an ARN or https there. Everything else in dev must be as valid as in prod.
      const endpointRule = /\/endpoint\/uri must match pattern/;
      const manifestErrors = schemaErrors('skill.json', { manifest: result.manifest });
      expect(result === dev ? manifestErrors.filter((error) => !endpointRule.test(error)) : manifestErrors).toEqual([]);
      expect(schemaErrors('accountLinking.json', { accountLinkingRequest: result.accountLinking })).toEqual([]);
      for (const locale of LOCALES) expect(schemaErrors('interaction model', result.models[locale])).toEqual([]);
    }
  });

  it.each(LOCALES)('lists store example phrases for %s that are sample utterances of its model', (locale) => {
    // Certification: an example phrase must come from the samples (after "Alexa, ask <invocation>").
    const [launch, ...oneShots] = prod.manifest.publishingInformation.locales[locale].examplePhrases as string[];
    expect(launch).toMatch(new RegExp(`^Alexa, \\p{L}+ ${appJson.invocationName}$`, 'u'));
    const model = prod.models[locale].interactionModel.languageModel as LanguageModel;
    for (const phrase of oneShots) {
      const utterance = phrase.replace(new RegExp(`^Alexa, (\\p{L}+ )+?${appJson.invocationName} `, 'u'), '');
      expect(utterance).not.toBe(phrase);
      expect({ phrase, intent: matchSample(model, utterance)?.intent }).toEqual({
        phrase,
        intent: 'RequestInfoIntent',
      });
    }
  });

  describe('skill.json', () => {
    it('has the fields the skill manifest schema requires', () => {
      for (const { manifest } of [dev, prod]) {
        expect(manifest.manifestVersion).toBe('1.0');
        expect(manifest.publishingInformation.category).toBe('ORGANIZERS_AND_ASSISTANTS');
        expect(typeof manifest.publishingInformation.isAvailableWorldwide).toBe('boolean');
        expect(manifest.publishingInformation.testingInstructions.length).toBeGreaterThan(20);
        expect(manifest.publishingInformation.distributionCountries).toEqual(appJson.publishing.distributionCountries);
        expect(Object.keys(manifest.publishingInformation.locales).sort()).toEqual([...LOCALES].sort());
      }
    });

    it.each(LOCALES)('describes the skill in %s within the store limits', (locale) => {
      const info = prod.manifest.publishingInformation.locales[locale];
      expect(info.name).toBe('Profile Keeper');
      expect(info.name.length).toBeLessThanOrEqual(50);
      expect(info.summary.length).toBeGreaterThan(0);
      expect(info.summary.length).toBeLessThanOrEqual(160);
      expect(info.description.length).toBeGreaterThan(0);
      expect(info.description.length).toBeLessThanOrEqual(4000);
      expect(info.examplePhrases.length).toBeGreaterThanOrEqual(1);
      expect(info.examplePhrases.length).toBeLessThanOrEqual(3);
      for (const phrase of info.examplePhrases) expect(phrase).toMatch(/^Alexa, /);
      expect(info.examplePhrases[0]).toMatch(/^Alexa, \S+ profile keeper$/);
      expect(info.keywords.length).toBeGreaterThan(0);
      expect(info.keywords.length).toBeLessThanOrEqual(30);
    });

    it('declares personal data use and links privacy policy and terms for every locale', () => {
      const privacy = prod.manifest.privacyAndCompliance;
      expect(privacy).toMatchObject({
        allowsPurchases: false,
        usesPersonalInfo: true,
        isChildDirected: false,
        isExportCompliant: true,
        containsAds: false,
      });
      for (const locale of LOCALES) {
        expect(privacy.locales[locale]).toEqual({
          privacyPolicyUrl: appJson.publishing.privacyPolicyUrl,
          termsOfUseUrl: appJson.publishing.termsOfUseUrl,
        });
      }
    });

    it('points prod at the Lambda function and dev at the local webhook', () => {
      expect(prod.manifest.apis.custom.endpoint).toEqual({ uri: appJson.stages.prod.endpoint });
      expect(prod.manifest.apis.custom.endpoint.uri).toMatch(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:/);
      expect(dev.manifest.apis.custom.endpoint).toEqual({ uri: appJson.stages.dev.endpoint });
    });

    it('subscribes to SKILL_ACCOUNT_LINKED at the same endpoint', () => {
      for (const { manifest } of [dev, prod]) {
        expect(manifest.events.subscriptions).toEqual([{ eventName: 'SKILL_ACCOUNT_LINKED' }]);
        expect(manifest.events.endpoint).toEqual(manifest.apis.custom.endpoint);
      }
    });
  });

  it('is an ASK CLI project, so `ask deploy` can upload it', () => {
    const resources = readJson(ROOT, 'build', 'platform.alexa', 'ask-resources.json');
    expect(resources).toEqual({
      askcliResourcesVersion: '2020-03-31',
      profiles: { default: { skillMetadata: { src: './skill-package' } } },
    });
  });

  describe('accountLinking.json', () => {
    it("uses the stage's Cognito hosted UI with the authorization-code grant", () => {
      for (const [result, stage] of [
        [dev, appJson.stages.dev],
        [prod, appJson.stages.prod],
      ] as const) {
        expect(result.accountLinking).toEqual({
          type: 'AUTH_CODE',
          authorizationUrl: `${stage.cognitoDomain}/oauth2/authorize`,
          accessTokenUrl: `${stage.cognitoDomain}/oauth2/token`,
          clientId: stage.appClientId,
          scopes: ACCOUNT_LINKING_SCOPES,
          accessTokenScheme: 'HTTP_BASIC',
          domains: [],
          skipOnEnablement: false,
          defaultTokenExpirationInSeconds: 3600,
        });
      }
    });

    it('has no client secret, and says so, when COGNITO_CLIENT_SECRET is not set', () => {
      expect(prod.accountLinking).not.toHaveProperty('clientSecret');
      expect(prod.output).toContain('COGNITO_CLIENT_SECRET is not set');
    });

    it('takes the client secret from COGNITO_CLIENT_SECRET at build time only', () => {
      expect(withSecret.accountLinking.clientSecret).toBe(TEST_SECRET);
      expect(withSecret.output).not.toContain('COGNITO_CLIENT_SECRET is not set');
      expect(committable).toEqual([]);
    });
  });

  describe.each(LOCALES)('interaction model %s', (locale) => {
    const model = () => prod.models[locale].interactionModel.languageModel as Json;

    it('has a valid invocation name', () => {
      const name: string = model().invocationName;
      expect(name).toBe(appJson.invocationName);
      expect(name).toMatch(/^[a-z]+( [a-z]+)+$/);
      for (const word of name.split(' ')) expect(FORBIDDEN_INVOCATION_WORDS).not.toContain(word);
    });

    it('asks for the profile field with RequestInfoIntent and its InfoType slot', () => {
      const intent = model().intents.find((i: Json) => i.name === 'RequestInfoIntent');
      expect(intent.slots).toEqual([{ name: 'infoTypeRequested', type: 'InfoType' }]);
      expect(intent.samples.length).toBeGreaterThanOrEqual(8);
      for (const sample of intent.samples) expect(sample).toMatch(/^[\p{L}' {}.-]+$/u);
      const type = model().types.find((t: Json) => t.name === 'InfoType');
      expect(type.values.map((v: Json) => v.id).sort()).toEqual(['emailAddress', 'fullProfile', 'userName']);
      for (const value of type.values) expect(value.name.value.length).toBeGreaterThan(0);
    });

    it('has the Amazon built-in intents', () => {
      const names = model().intents.map((i: Json) => i.name);
      for (const builtIn of [
        'AMAZON.HelpIntent',
        'AMAZON.StopIntent',
        'AMAZON.CancelIntent',
        'AMAZON.FallbackIntent',
        'AMAZON.NavigateHomeIntent',
      ]) {
        expect(names).toContain(builtIn);
      }
    });
  });
});
