import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AdmZip from 'adm-zip';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKILL_LOCALES } from '../../src/config';
import { OAUTH_SCOPES } from '../../deploy/settings';
import { ROOT, RunResult } from './run';
import { DeployBench, DOMAIN_PREFIX, startDeployBench, VENDOR_ID } from './support/deployBench';
import { objectPath } from './support/fakeAws';
import { filesContaining } from './support/project';
import { RecordedRequest } from './support/smapiStandIn';

/**
 * `npm run deploy`, the whole of it, offline: the real ASK CLI (and the Jovo CLI driving it)
 * against the SMAPI stand-in, the deploy's AWS calls against the fake account, the client secret
 * read from the local identity service. Checked the way a developer would check the developer
 * console and the AWS console afterwards.
 */
const STACK = 'alexa-cognito-account-linking-prod';
const HOSTED_UI = `https://${DOMAIN_PREFIX}.auth.us-east-1.amazoncognito.com`;

describe('npm run deploy -- --stage prod (offline, real ASK CLI)', () => {
  let bench: DeployBench;
  let first: RunResult;
  let afterFirst: RecordedRequest[];
  let second: RunResult;
  let afterSecond: RecordedRequest[];
  let dryRun: RunResult;

  const operations = (requests: RecordedRequest[]) => requests.map((r) => r.operation).filter((o) => o !== 'lwaToken');
  const skill = () => [...bench.smapi.skills.values()][0];
  const stack = () => bench.account().stacks[STACK];

  beforeAll(async () => {
    bench = await startDeployBench();
    first = await bench.deploy();
    afterFirst = bench.smapi.requests.splice(0);
    second = await bench.deploy();
    afterSecond = bench.smapi.requests.splice(0);
  }, 150_000);

  afterAll(() => bench?.close());

  describe('the first run', () => {
    it('succeeds and says what to do next', () => {
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      expect(first.stdout).toContain(`Skill id:   ${skill().skillId}`);
      expect(first.stdout).toContain('"Alexa, open profile keeper"');
      expect(first.stdout).toContain('Your Skills > Dev > Profile Keeper > Enable to use');
    });

    it('creates the skill, then points it at the function once the function lets it in', () => {
      expect(operations(afterFirst)).toEqual([
        'createUploadUrlV1',
        'uploadSkillPackage',
        'createSkillPackageV1',
        'getImportStatusV1',
        'getImportStatusV1',
        'getSkillStatusV1',
        'setSkillEnablementV1',
        'updateAccountLinkingInfoV1',
        'updateSkillManifestV1',
        'getSkillStatusV1',
        'getSkillStatusV1',
      ]);
      expect(bench.smapi.skills.size).toBe(1);
      expect(skill().vendorId).toBe(VENDOR_ID);
    });

    it('gives the skill the function from the stack as its endpoint, for requests and events', () => {
      const functionArn = stack().outputs.SkillFunctionArn;
      expect(functionArn).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${STACK}-skill`);
      expect(skill().manifest?.apis.custom.endpoint).toEqual({ uri: functionArn });
      expect(skill().manifest?.events).toEqual({
        endpoint: { uri: functionArn },
        subscriptions: [{ eventName: 'SKILL_ACCOUNT_LINKED' }],
      });
    });

    it("links accounts with the stack's Hosted UI, app client and the secret from Cognito, over HTTP Basic", () => {
      expect(skill().accountLinking).toEqual({
        type: 'AUTH_CODE',
        authorizationUrl: `${HOSTED_UI}/oauth2/authorize`,
        accessTokenUrl: `${HOSTED_UI}/oauth2/token`,
        clientId: bench.identity.clientId,
        clientSecret: bench.clientSecret,
        scopes: [...OAUTH_SCOPES],
        accessTokenScheme: 'HTTP_BASIC',
        domains: [],
        skipOnEnablement: false,
      });
      expect(stack().outputs.UserPoolClientId).toBe(bench.identity.clientId);
    });

    it('enables the skill for testing, with every locale and the invocation name', () => {
      expect(skill().enabledStages).toEqual(['development']);
      expect(Object.keys(skill().models).sort()).toEqual(Object.keys(SKILL_LOCALES).sort());
      for (const model of Object.values(skill().models)) {
        expect(model.interactionModel.languageModel.invocationName).toBe('profile keeper');
      }
    });

    it('lets only this skill invoke the function, and tells the function its skill, pool and client', () => {
      const resources = Object.values(stack().resources);
      const permission = resources.find((r) => r.type === 'AWS::Lambda::Permission');
      expect(permission?.properties).toMatchObject({
        Principal: 'alexa-appkit.amazon.com',
        EventSourceToken: skill().skillId,
        FunctionName: stack().outputs.SkillFunctionArn,
      });
      const fn = resources.find((r) => r.type === 'AWS::Lambda::Function');
      expect(fn?.properties.Runtime).toBe('nodejs22.x');
      expect((fn?.properties.Environment as { Variables: object }).Variables).toEqual({
        SKILL_ID: skill().skillId,
        COGNITO_REGION: 'us-east-1',
        COGNITO_USER_POOL_ID: bench.identity.userPoolId,
        COGNITO_APP_CLIENT_ID: bench.identity.clientId,
      });
    });

    it('uploads the bundle as the function code, under a key of its content', () => {
      const fn = Object.values(stack().resources).find((r) => r.type === 'AWS::Lambda::Function');
      const code = fn?.properties.Code as { S3Bucket: string; S3Key: string };
      expect(code.S3Key).toMatch(/^skill\/[0-9a-f]{20}\.zip$/);
      const zip = new AdmZip(readFileSync(objectPath(bench.fakeDir, code.S3Bucket, code.S3Key)));
      expect(zip.getEntries().map((e) => e.entryName)).toContain('index.js');
    });

    it('remembers the skill and the stack outputs in .deploy/prod.json, never the secret', () => {
      const state = JSON.parse(readFileSync(join(bench.project, '.deploy', 'prod.json'), 'utf8'));
      expect(state.skill).toEqual({ skillId: skill().skillId, createdByDeploy: true });
      expect(state.stack).toMatchObject({
        userPoolId: bench.identity.userPoolId,
        appClientId: bench.identity.clientId,
        cognitoDomain: HOSTED_UI,
        alexaSkillIdAllowed: skill().skillId,
      });
    });
  });

  describe('the second run', () => {
    it('updates the same skill instead of creating one', () => {
      expect(second.code).toBe(0);
      expect(operations(afterSecond)).toContain('importSkillPackageV1');
      expect(operations(afterSecond)).not.toContain('createSkillPackageV1');
      expect(afterSecond.find((r) => r.operation === 'importSkillPackageV1')?.path).toBe(
        `/v1/skills/${skill().skillId}/imports`,
      );
      expect(bench.smapi.skills.size).toBe(1);
      expect(second.stdout).toContain('[3/3] the function already lets this skill invoke it');
    });

    it('leaves the stack as it was (same code, same skill: nothing to update)', () => {
      expect(bench.account().writes.filter((w) => w.startsWith('CloudFormation.'))).toEqual([
        `CloudFormation.CreateStack ${STACK}`,
        `CloudFormation.UpdateStack ${STACK}`,
        `CloudFormation.UpdateStack ${STACK}`,
      ]);
      expect(second.stdout).toContain(`stack ${STACK} is up to date`);
    });

    it('sets account linking again, so a changed client or secret is always the one Alexa has', () => {
      expect(operations(afterSecond)).toContain('updateAccountLinkingInfoV1');
    });
  });

  describe('--dry-run after a deploy', () => {
    let writesBefore: string[];
    beforeAll(async () => {
      writesBefore = [...bench.account().writes];
      dryRun = await bench.deploy(['--stage', 'prod', '--dry-run']);
    }, 60_000);

    it('changes nothing in AWS or the developer account', () => {
      expect(dryRun.code).toBe(0);
      expect(dryRun.stdout).toContain(
        'Dry run for stage prod: nothing was changed in AWS or the Alexa developer account.',
      );
      // As many writes as the two deploys made (one more upload when the bundle script ships the JWKS).
      expect(bench.account().writes).toEqual(writesBefore);
      expect(operations(bench.smapi.requests.splice(0))).toEqual([]);
    });

    it('prints the stack, the skill package and the account-linking request with the secret masked', () => {
      expect(dryRun.stdout).toContain(`Stack ${STACK} in us-east-1 (account 123456789012): would be updated`);
      expect(dryRun.stdout).toMatch(/AlexaSkillPermission\s+AWS::Lambda::Permission/);
      expect(dryRun.stdout).toContain(`would update skill ${skill().skillId}`);
      expect(dryRun.stdout).toMatch(new RegExp(`Endpoint\\s+${stack().outputs.SkillFunctionArn}`));
      expect(dryRun.stdout).toContain('Locales                    en-US, en-GB, de-DE, es-ES');
      expect(dryRun.stdout).toContain(`"clientId": "${bench.identity.clientId}"`);
      expect(dryRun.stdout).toContain('"clientSecret": "********"');
      expect(dryRun.stdout + dryRun.stderr).not.toContain(bench.clientSecret);
    });
  });

  describe('the client secret', () => {
    it('is in no file of the project, its build and bundle folders, or HOME', () => {
      expect(filesContaining(bench.clientSecret, [bench.project, bench.home, ROOT])).toEqual([]);
    });

    it('was never a command-line argument of any process the deploy started', () => {
      const commandLines = readFileSync(join(bench.fakeDir, 'command-lines.log'), 'utf8');
      expect(commandLines).toContain('update-account-linking-info');
      expect(commandLines.includes(bench.clientSecret)).toBe(false);
    });

    it('never reached the output', () => {
      for (const run of [first, second]) expect((run.stdout + run.stderr).includes(bench.clientSecret)).toBe(false);
    });
  });

  describe('--remove', () => {
    let removal: RunResult;
    let skillId: string;

    beforeAll(async () => {
      skillId = skill().skillId;
      bench.smapi.requests.splice(0);
      removal = await bench.deploy(['--stage', 'prod', '--remove']);
    }, 60_000);

    it('deletes the skill it created and the stack, and keeps the user pool with its users', () => {
      expect(removal.code).toBe(0);
      expect(operations(bench.smapi.requests)).toEqual(['deleteSkillV1']);
      expect(bench.smapi.requests[bench.smapi.requests.length - 1].path).toBe(`/v1/skills/${skillId}`);
      expect(bench.smapi.skills.size).toBe(0);
      expect(bench.account().stacks).toEqual({});
      expect(bench.account().buckets).toEqual({});
      expect(bench.account().retained).toEqual([`AWS::Cognito::UserPool ${bench.identity.userPoolId}`]);
      expect(removal.stdout).toContain(`Kept user pool ${bench.identity.userPoolId} and its users`);
    });

    it('forgets the deployment, so the next deploy starts from scratch', () => {
      expect(existsSync(join(bench.project, '.deploy', 'prod.json'))).toBe(false);
    });
  });

  describe('jovo deploy:code cloudformation', () => {
    it('deploys the stack through the Jovo CLI target, like npm run deploy does', async () => {
      const result = await new Promise<{ code: number; output: string }>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env, ...bench.env };
        for (const [key, value] of Object.entries(bench.env)) if (value === undefined) delete env[key];
        delete env.NODE_ENV;
        execFile(
          process.execPath,
          ['scripts/jovo.js', 'deploy:code', 'cloudformation', '--stage', 'prod'],
          { cwd: bench.project, env },
          (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: stdout + stderr }),
        );
      });
      expect(result.output).toContain('Code deployment completed');
      expect(result.code).toBe(0);
      expect(stack().status).toBe('UPDATE_COMPLETE');
      const state = JSON.parse(readFileSync(join(bench.project, '.deploy', 'prod.json'), 'utf8'));
      expect(state.stack.functionArn).toBe(stack().outputs.SkillFunctionArn);
    }, 60_000);
  });
});
