import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SKILL_LOCALES } from '../../src/config';
import { PUBLISHING, stageSettings } from '../../deploy/settings';
import { skillManifest } from '../../deploy/skillManifest';
import { DeployRecord } from '../../deploy/state';
import { schemaErrors } from './askSchemas';
import { runNpm } from './run';
import { copyProject } from './support/project';
import { LanguageModel, matchSample } from './samples';

/**
 * `npm run build:alexa` (Jovo's build:platform through jovo.project.ts), in copies of the project:
 * the dev stage as app.json has it, and the prod stage of a deployed copy (.deploy/prod.json holds
 * the stack's outputs and the skill) whose app.json renames the skill, to show that names, example
 * phrases and every model follow app.json. Checked the way the Alexa tooling reads the package.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LOCALES = Object.keys(SKILL_LOCALES);
const RENAMED = { name: 'Account Helper', invocationName: 'account helper' };
const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
const DEPLOYED: DeployRecord = {
  stackName: 'alexa-cognito-account-linking-prod',
  region: 'us-east-1',
  skillId: SKILL_ID,
  createdSkills: [SKILL_ID],
  createdStacks: [{ name: 'alexa-cognito-account-linking-prod', region: 'us-east-1' }],
  outputs: {
    userPoolId: 'us-east-1_AbCdEf123',
    appClientId: '1example23456789abcdefghij',
    cognitoDomain: 'https://account-helper-jane.auth.us-east-1.amazoncognito.com',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:alexa-cognito-account-linking-prod-skill',
    alexaSkillIdAllowed: SKILL_ID,
  },
};

interface Build {
  manifest: Json;
  files: string[];
  models: Record<string, Json>;
  askStates?: Json;
  text: string;
}

const readJson = (...parts: string[]): Json => JSON.parse(readFileSync(join(...parts), 'utf8')) as Json;

async function build(project: string, stage: 'dev' | 'prod'): Promise<Build> {
  const result = await runNpm('build:alexa', ['--stage', stage], {}, project);
  if (result.code !== 0) throw new Error(`build:alexa --stage ${stage} failed:\n${result.stdout}\n${result.stderr}`);
  const dir = join(project, 'build', 'platform.alexa');
  const optional = (...parts: string[]) => {
    try {
      return readJson(dir, ...parts);
    } catch {
      return undefined;
    }
  };
  const models = Object.fromEntries(
    LOCALES.map((locale) => [locale, readJson(dir, 'skill-package', 'interactionModels', 'custom', `${locale}.json`)]),
  );
  const manifest = readJson(dir, 'skill-package', 'skill.json').manifest;
  return {
    manifest,
    files: readdirSync(join(dir, 'skill-package'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(join(dir, 'skill-package'), join(entry.parentPath, entry.name)))
      .sort(),
    models,
    askStates: optional('.ask', 'ask-states.json'),
    text: JSON.stringify({ manifest, models }),
  };
}

describe('npm run build:alexa (skill package)', () => {
  const projects: string[] = [];
  let dev: Build;
  let prod: Build;

  beforeAll(async () => {
    const devProject = copyProject();
    const prodProject = copyProject((appJson) => {
      appJson.skill = RENAMED;
      appJson.stages.prod.cognitoDomainPrefix = 'account-helper-jane';
      appJson.stages.prod.vendorId = 'M2EXAMPLEVENDOR';
    });
    projects.push(devProject, prodProject);
    mkdirSync(join(prodProject, '.deploy'));
    writeFileSync(join(prodProject, '.deploy', 'prod.json'), JSON.stringify(DEPLOYED));
    [dev, prod] = await Promise.all([build(devProject, 'dev'), build(prodProject, 'prod')]);
  }, 120_000);

  afterAll(() => {
    for (const project of projects) rmSync(project, { recursive: true, force: true });
  });

  it('passes the Skill Management API schemas in every file, for both stages', () => {
    for (const result of [dev, prod]) {
      // Dev points at the local webhook (http://localhost), which only the simulator calls; Alexa
      // wants an ARN or https there. Everything else in dev must be as valid as in prod.
      const manifestErrors = schemaErrors('skill.json', { manifest: result.manifest });
      const endpointRule = /\/endpoint\/uri must match pattern/;
      expect(result === dev ? manifestErrors.filter((e) => !endpointRule.test(e)) : manifestErrors).toEqual([]);
      for (const locale of LOCALES) expect(schemaErrors('interaction model', result.models[locale])).toEqual([]);
    }
  });

  describe('renaming the skill in app.json (skill.name, skill.invocationName) renames it everywhere', () => {
    it.each(LOCALES)('%s: store name, summary and description', (locale) => {
      const info = prod.manifest.publishingInformation.locales[locale];
      expect(info.name).toBe('Account Helper');
      expect(info.summary).toContain('Account Helper');
      expect(info.description).toContain('Account Helper');
      expect(info.summary.length).toBeLessThanOrEqual(160);
    });

    it.each(LOCALES)('%s: the interaction model opens with the new invocation name', (locale) => {
      expect(prod.models[locale].interactionModel.languageModel.invocationName).toBe('account helper');
    });

    it.each(LOCALES)('%s: example phrases say the new invocation name and are samples of the model', (locale) => {
      // Certification: an example phrase must use the invocation name and come from the samples.
      const [launch, ...oneShots] = prod.manifest.publishingInformation.locales[locale].examplePhrases as string[];
      expect(launch).toMatch(/^Alexa, \p{L}+ account helper$/u);
      const model = prod.models[locale].interactionModel.languageModel as LanguageModel;
      for (const phrase of oneShots) {
        const utterance = phrase.replace(/^Alexa, (\p{L}+ )+?account helper /u, '');
        expect(utterance).not.toBe(phrase);
        expect({ phrase, intent: matchSample(model, utterance)?.intent }).toEqual({
          phrase,
          intent: 'RequestInfoIntent',
        });
      }
    });

    it('leaves the old name nowhere in the package', () => {
      expect(prod.text).not.toMatch(/profile keeper/i);
      expect(prod.manifest.publishingInformation.testingInstructions).toContain('"Alexa, open account helper"');
    });

    it('keeps the dev build on the names app.json has', () => {
      expect(dev.manifest.publishingInformation.locales['en-US'].name).toBe('Profile Keeper');
      expect(dev.models['de-DE'].interactionModel.languageModel.invocationName).toBe('profile keeper');
    });
  });

  describe('skill.json', () => {
    it('has the fields the manifest schema requires, publishing and privacy for every locale', () => {
      for (const { manifest } of [dev, prod]) {
        expect(manifest.manifestVersion).toBe('1.0');
        expect(manifest.publishingInformation.category).toBe('ORGANIZERS_AND_ASSISTANTS');
        expect(manifest.publishingInformation.distributionCountries).toEqual(PUBLISHING.distributionCountries);
        expect(Object.keys(manifest.publishingInformation.locales).sort()).toEqual([...LOCALES].sort());
        expect(manifest.privacyAndCompliance).toMatchObject({ usesPersonalInfo: true, isChildDirected: false });
        for (const locale of LOCALES) {
          expect(manifest.privacyAndCompliance.locales[locale]).toEqual({
            privacyPolicyUrl: PUBLISHING.privacyPolicyUrl,
            termsOfUseUrl: PUBLISHING.termsOfUseUrl,
          });
        }
      }
    });

    it('points prod at the deployed function (from .deploy/prod.json) and dev at the local webhook, events too', () => {
      expect(prod.manifest.apis.custom.endpoint).toEqual({ uri: DEPLOYED.outputs?.functionArn });
      expect(dev.manifest.apis.custom.endpoint).toEqual({ uri: stageSettings('dev').endpoint });
      for (const { manifest } of [dev, prod]) {
        expect(manifest.events).toEqual({
          endpoint: manifest.apis.custom.endpoint,
          subscriptions: [{ eventName: 'SKILL_ACCOUNT_LINKED' }],
        });
      }
    });

    it('has no endpoint and no events before the function lets the skill invoke it (how a new skill is created)', () => {
      const settings = { ...stageSettings('prod'), endpoint: '' };
      const manifest = JSON.parse(JSON.stringify(skillManifest(settings)));
      expect(manifest.apis).toEqual({ custom: {} });
      expect(manifest).not.toHaveProperty('events');
      expect(schemaErrors('skill.json', { manifest })).toEqual([]);
    });
  });

  it('holds only what the Skill Package API defines: the manifest and the models (account linking goes through SMAPI)', () => {
    const models = LOCALES.map((locale) => `interactionModels/custom/${locale}.json`);
    for (const { files } of [dev, prod]) expect(files).toEqual(['skill.json', ...models].sort());
  });

  it("tells Jovo's deploy which skill to update (the deployed skill's id in .ask/ask-states.json)", () => {
    expect(Object.values(prod.askStates?.profiles ?? {})).toEqual([{ skillId: SKILL_ID }]);
  });
});
