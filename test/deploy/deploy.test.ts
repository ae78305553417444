import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SKILL_LOCALES } from '../../src/config';
import { OAUTH_SCOPES } from '../../deploy/settings';
import { ROOT, RunResult } from './run';
import { DeployBench, FUNCTION_ARN, HOSTED_UI, STACK, startDeployBench, VENDOR_ID } from './support/deployBench';
import { filesContaining } from './support/project';
import { RecordedRequest } from './support/smapiStandIn';

/**
 * `npm run deploy -- --stage prod` as a developer runs it, offline: SMAPI and Login with Amazon
 * stand in locally, CloudFormation, S3 and STS are a recorder that answers the AWS CDK toolkit's
 * calls, the client secret is read from the local Cognito. Then the dry run, Jovo's own
 * `deploy:platform` with the real ASK CLI, the secret's whereabouts, and `--remove`.
 */
const COMMAND_LINES = 'command-lines.log';

describe('npm run deploy -- --stage prod (offline)', () => {
  let bench: DeployBench;
  let first: RunResult;
  let dryRun: RunResult;
  let afterFirst: RecordedRequest[];
  const operations = (requests: RecordedRequest[]) => requests.map((r) => r.operation).filter((o) => o !== 'lwaToken');
  const skill = () => [...bench.smapi.skills.values()][0];
  const record = () => JSON.parse(readFileSync(join(bench.project, '.deploy', 'prod.json'), 'utf8'));

  beforeAll(async () => {
    bench = await startDeployBench();
    bench.env.NODE_OPTIONS = `--require ${join(__dirname, 'support', 'commandLines.js')}`;
    bench.env.COMMAND_LINES_LOG = join(bench.home, COMMAND_LINES);
    first = await bench.deploy();
    afterFirst = bench.smapi.requests.splice(0);
  }, 120_000);

  afterAll(() => bench?.close());

  describe('the first run', () => {
    it('succeeds and says what to do next', () => {
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      expect(first.stdout).toContain(`Deployed Profile Keeper: skill ${skill().skillId}, endpoint ${FUNCTION_ARN}`);
      expect(first.stdout).toContain('Your Skills > Dev > Profile Keeper > Enable to use');
      expect(first.stdout).toContain('"Alexa, open profile keeper"');
    });

    it('creates the skill first, imports the package once the function lets it in, enables testing last', () => {
      expect(operations(afterFirst)).toEqual([
        'createSkillForVendorV1',
        'getSkillStatusV1',
        'getSkillStatusV1',
        'createUploadUrlV1',
        'uploadSkillPackage',
        'importSkillPackageV1',
        'getImportStatusV1',
        'getImportStatusV1',
        'updateAccountLinkingInfoV1',
        'setSkillEnablementV1',
      ]);
      expect(bench.smapi.skills.size).toBe(1);
      expect(skill().vendorId).toBe(VENDOR_ID);
    });

    it('deploys one stack through a change set, whose function only this skill may invoke', () => {
      expect(bench.aws.liveStacks()).toEqual([`${STACK}=CREATE_COMPLETE`]);
      expect(bench.aws.calls.filter((c) => c.action === 'ExecuteChangeSet')).toHaveLength(1);
      const resources = Object.values(JSON.parse(bench.aws.state.stacks[STACK].template ?? '{}').Resources) as {
        Type: string;
        Properties: Record<string, unknown>;
      }[];
      expect(resources.filter((r) => r.Type === 'AWS::Lambda::Permission').map((r) => r.Properties)).toEqual([
        expect.objectContaining({ Principal: 'alexa-appkit.amazon.com', EventSourceToken: skill().skillId }),
      ]);
      const code = resources.find((r) => r.Type === 'AWS::Lambda::Function')?.Properties.Code as { S3Bucket: string };
      expect(Object.keys(bench.aws.state.buckets)).toEqual([code.S3Bucket]);
    });

    it('gives the skill the function as its endpoint, for requests and events, in every locale', () => {
      expect(skill().manifest?.apis.custom.endpoint).toEqual({ uri: FUNCTION_ARN });
      expect(skill().manifest?.events).toEqual({
        endpoint: { uri: FUNCTION_ARN },
        subscriptions: [{ eventName: 'SKILL_ACCOUNT_LINKED' }],
      });
      expect(Object.keys(skill().models).sort()).toEqual(Object.keys(SKILL_LOCALES).sort());
      expect(skill().enabledStages).toEqual(['development']);
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
    });

    it('records every id in .deploy/prod.json as it came, never the secret', () => {
      expect(record()).toEqual({
        stackName: STACK,
        region: 'us-east-1',
        skillId: skill().skillId,
        createdSkills: [skill().skillId],
        createdStacks: [{ name: STACK, region: 'us-east-1' }],
        assetsBucket: Object.keys(bench.aws.state.buckets)[0],
        outputs: {
          userPoolId: bench.identity.userPoolId,
          appClientId: bench.identity.clientId,
          cognitoDomain: HOSTED_UI,
          functionArn: FUNCTION_ARN,
          alexaSkillIdAllowed: skill().skillId,
        },
        pool: { userPoolId: bench.identity.userPoolId, createdByDeploy: true, inStack: true },
      });
    });
  });

  describe('--dry-run', () => {
    let callsBefore: number;
    beforeAll(async () => {
      callsBefore = bench.aws.calls.length;
      dryRun = await bench.deploy(['--stage', 'prod', '--dry-run']);
    }, 60_000);

    it("changes nothing: CloudFormation's change set is read, never executed; SMAPI is only read", () => {
      expect(dryRun.code).toBe(0);
      const calls = bench.aws.calls.slice(callsBefore).map((c) => c.action);
      expect(calls).toContain('CreateChangeSet');
      expect(calls).not.toContain('ExecuteChangeSet');
      expect(operations(bench.smapi.requests.splice(0))).toEqual(['getSkillStatusV1']);
    });

    it("shows the stack's diff and the skill's requests, the secret masked", () => {
      expect(dryRun.stdout).toContain('Dry run for stage prod: nothing was deployed.');
      expect(dryRun.stdout).toContain(`Stack ${STACK}`);
      // The function's code changes once: the pool's public keys now go with it (bundle.ts).
      expect(dryRun.stdout).toMatch(/Resources\n\[~\] AWS::Lambda::Function SkillFunction \S+\n └─ \[~\] Code\n/);
      expect(dryRun.stdout).toContain('update, 1 resource change(s)');
      expect(dryRun.stdout).toContain(`update skill ${skill().skillId}`);
      expect(dryRun.stdout).toContain(`endpoint ${FUNCTION_ARN}`);
      expect(dryRun.stdout).toContain('"clientSecret": "********"');
    });
  });

  describe('the Jovo CLI (jovo deploy:platform with the real ASK CLI, deploy:code), for a developer whose home holds ~/.aws and ~/.ask', () => {
    let jovo: { code: number; output: string }[];
    beforeAll(async () => {
      for (const folder of ['.aws', '.ask']) mkdirSync(join(bench.home, folder), { recursive: true });
      writeFileSync(join(bench.home, '.aws', 'credentials'), '[default]\n');
      const env: NodeJS.ProcessEnv = { ...process.env, ...bench.env };
      for (const [key, value] of Object.entries(bench.env)) if (value === undefined) delete env[key];
      delete env.NODE_ENV;
      const run = (...args: string[]) =>
        new Promise<{ code: number; output: string }>((resolve) =>
          execFile(
            process.execPath,
            ['scripts/jovo.js', ...args, '--stage', 'prod'],
            { cwd: bench.project, env },
            (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: stdout + stderr }),
          ),
        );
      jovo = [await run('deploy:platform', 'alexa'), await run('deploy:code', 'cloudformation')];
    }, 120_000);

    it('deploy:platform updates the recorded skill (none is created) and sets its account linking', () => {
      expect(jovo[0].output).toContain('Deploying Alexa Skill');
      expect(jovo[0].code).toBe(0);
      const requests = operations(bench.smapi.requests.splice(0));
      expect(requests).toContain('importSkillPackageV1');
      expect(requests).not.toContain('createSkillPackageV1');
      expect(requests[requests.length - 1]).toBe('updateAccountLinkingInfoV1');
      expect(bench.smapi.skills.size).toBe(1);
      expect(skill().accountLinking?.clientSecret).toBe(bench.clientSecret);
    });

    it('deploy:code brings the same stack up to date', () => {
      expect(jovo[1].output).toContain('Code deployment completed');
      expect(jovo[1].code).toBe(0);
      expect(bench.aws.liveStacks()).toEqual([`${STACK}=UPDATE_COMPLETE`]);
    });

    it('leaves no link in the project that leads out of it (a zip of the project carries no credentials)', () => {
      const links: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (path === join(bench.project, 'node_modules')) continue; // the test's own link to the installed packages
          if (lstatSync(path).isSymbolicLink()) links.push(`${relative(bench.project, path)} -> ${realpathSync(path)}`);
          else if (entry.isDirectory()) walk(path);
        }
      };
      walk(bench.project);
      expect(links.filter((link) => !link.split(' -> ')[1].startsWith(realpathSync(bench.project)))).toEqual([]);
    });
  });

  describe('the client secret', () => {
    it('is in no file of the project, its build folders, or HOME', () => {
      expect(filesContaining(bench.clientSecret, [bench.project, bench.home, ROOT])).toEqual([]);
    });

    it('was never a command-line argument of any process the deploy started', () => {
      const commandLines = readFileSync(join(bench.home, COMMAND_LINES), 'utf8');
      expect(commandLines).toContain('build:platform');
      expect(commandLines.includes(bench.clientSecret)).toBe(false);
    });

    it('never reached the output', () => {
      for (const run of [first, dryRun]) expect((run.stdout + run.stderr).includes(bench.clientSecret)).toBe(false);
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

    it('deletes the skill, the stack and the assets bucket, and keeps the user pool', () => {
      expect(removal.code).toBe(0);
      expect(operations(bench.smapi.requests)).toEqual(['getSkillStatusV1', 'deleteSkillV1']);
      expect(bench.smapi.skills.has(skillId)).toBe(false);
      expect(bench.aws.liveStacks()).toEqual([]);
      expect(bench.aws.state.buckets).toEqual({});
      expect(removal.stdout).toContain(`Kept user pool ${bench.identity.userPoolId} and its users`);
    });

    it('remembers only the kept pool, for the next deploy', () => {
      expect(record()).toEqual({
        stackName: STACK,
        region: 'us-east-1',
        createdSkills: [],
        createdStacks: [],
        pool: { userPoolId: bench.identity.userPoolId, createdByDeploy: true, inStack: false },
      });
    });
  });
});
