import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploy } from '../../deploy/deploy';
import { OAUTH_SCOPES } from '../../deploy/settings';
import { DeployBench, FUNCTION_ARN, HOSTED_UI, STACK, startDeployBench } from './support/deployBench';
import { inProcessContext, useBenchEnvironment } from './support/inProcess';

/**
 * A deploy that fails at any step, run again, ends with exactly one skill, one stack, the endpoint
 * and account linking set, and the skill enabled: the first deploy and an update, a failure
 * injected at each step in turn (SMAPI answering an error, CloudFormation refusing a call or rolling
 * back). Failures are injected because no real service fails on demand.
 */
type Fault = [step: string, inject: (bench: DeployBench) => void, says: RegExp];
const smapiFault = (operation: string, status: number, body: unknown) => (bench: DeployBench) =>
  (bench.smapi.failNext = { operation, status, body });
const unavailable = (operation: string): Fault[1] =>
  smapiFault(operation, 503, { message: 'Service Unavailable (injected)' });
const awsFault = (call: string) => (bench: DeployBench) => (bench.aws.fail = call);

const SMAPI_DOWN = /SMAPI answered 503: Service Unavailable \(injected\)\n {2}Fix: SMAPI failed on its side/;
const ROLLED_BACK =
  /UserPoolDomain[\s\S]*"Domain already exists\."[\s\S]*Fix: choose another cognitoDomainPrefix in app.json/;
const SKILL_STEPS: Fault[] = [
  ['package import (the endpoint)', unavailable('importSkillPackageV1'), SMAPI_DOWN],
  ['account linking', unavailable('updateAccountLinkingInfoV1'), SMAPI_DOWN],
  ['enabling for testing', unavailable('setSkillEnablementV1'), SMAPI_DOWN],
];
const FIRST_DEPLOY: Fault[] = [
  [
    'skill creation (every violation shown)',
    smapiFault('createSkillForVendorV1', 400, {
      message: 'Request is not valid.',
      violations: [{ message: 'manifest.a is invalid.' }, { message: 'manifest.b is invalid.' }],
    }),
    /SMAPI answered 400: Request is not valid\.\n {2}- manifest\.a is invalid\.\n {2}- manifest\.b is invalid\.\n {2}Fix: /,
  ],
  ['new skill build', unavailable('getSkillStatusV1'), SMAPI_DOWN],
  ['assets bucket', awsFault('s3 PUT'), /injected failure at s3 PUT/],
  ['stack change set', awsFault('CreateChangeSet'), /injected failure at CreateChangeSet/],
  ['stack resources (rolled back)', awsFault('resource'), ROLLED_BACK],
  ...SKILL_STEPS,
];
const UPDATE: Fault[] = [
  ['skill lookup', unavailable('getSkillStatusV1'), SMAPI_DOWN],
  ['stack resources (rolled back)', awsFault('resource'), ROLLED_BACK],
  [
    'package import status (Alexa refuses a model)',
    smapiFault('getImportStatusV1', 200, {
      status: 'FAILED',
      skill: { resources: [{ name: 'InteractionModel.en-US', errors: [{ message: 'Sample utterance is invalid.' }] }] },
    }),
    /Alexa refused it:\n {2}- InteractionModel\.en-US: Sample utterance is invalid\./,
  ],
  ...SKILL_STEPS,
];

describe('a deploy that fails at any step, run again, continues with the same skill and stack', () => {
  let bench: DeployBench;
  let restore: () => void;

  beforeAll(async () => {
    bench = await startDeployBench();
    restore = useBenchEnvironment(bench);
  }, 30_000);

  afterAll(async () => {
    restore?.();
    await bench?.close();
  });

  const run = async () => {
    const { context, lines } = await inProcessContext(bench);
    const error = await deploy(context).then(
      () => undefined,
      (e: Error) => e,
    );
    return { error, output: lines.join('\n') };
  };

  /** What a developer would check in the consoles: one skill, one stack, endpoint and linking set. */
  const expectOneLinkedSkill = () => {
    expect(bench.aws.liveStacks()).toEqual([expect.stringMatching(new RegExp(`^${STACK}=(CREATE|UPDATE)_COMPLETE$`))]);
    expect(bench.smapi.skills.size).toBe(1);
    const [skill] = bench.smapi.skills.values();
    expect(skill.manifest?.apis.custom.endpoint).toEqual({ uri: FUNCTION_ARN });
    expect(skill.accountLinking).toMatchObject({
      clientId: bench.identity.clientId,
      clientSecret: bench.clientSecret,
      authorizationUrl: `${HOSTED_UI}/oauth2/authorize`,
      scopes: [...OAUTH_SCOPES],
    });
    expect(skill.enabledStages).toEqual(['development']);
    const record = JSON.parse(readFileSync(join(bench.project, '.deploy', 'prod.json'), 'utf8'));
    expect(record).toMatchObject({ skillId: skill.skillId, createdSkills: [skill.skillId] });
    return skill.skillId;
  };

  const freshWorld = async () => {
    await bench.resetAws();
    process.env.AWS_ENDPOINT_URL = bench.aws.url;
    bench.smapi.skills.clear();
    rmSync(join(bench.project, '.deploy'), { recursive: true, force: true });
  };

  describe('the first deploy', () => {
    it.each(FIRST_DEPLOY)('fails at the %s; the rerun ends with one linked skill', async (step, inject, says) => {
      await freshWorld();
      inject(bench);
      const failed = await run();
      expect(failed.error?.message).toMatch(says);
      const rerun = await run();
      expect(rerun.error).toBeUndefined();
      expectOneLinkedSkill();
    });
  });

  it("reports CloudFormation's reasons for this attempt only, after an earlier failed one", async () => {
    for (const email of ['ops+first@example.com', 'ops+second@example.com']) {
      const appJsonFile = join(bench.project, 'app.json');
      const appJson = JSON.parse(readFileSync(appJsonFile, 'utf8'));
      appJson.stages.prod.alarmEmail = email;
      writeFileSync(appJsonFile, JSON.stringify(appJson));
      bench.aws.fail = 'resource';
      const { error } = await run();
      expect(error?.message.match(/Domain already exists/g)).toHaveLength(1);
    }
  });

  describe('an update (the alarm email changed, so the stack changes too)', () => {
    let skillId: string;
    beforeAll(async () => {
      await freshWorld();
      expect((await run()).error).toBeUndefined();
      skillId = expectOneLinkedSkill();
    }, 60_000);

    it.each(UPDATE)('fails at the %s; the rerun ends with the same skill, linked', async (step, inject, says) => {
      const appJsonFile = join(bench.project, 'app.json');
      const appJson = JSON.parse(readFileSync(appJsonFile, 'utf8'));
      appJson.stages.prod.alarmEmail = `ops+${step.replace(/\W/g, '')}@example.com`;
      writeFileSync(appJsonFile, JSON.stringify(appJson));
      inject(bench);
      expect((await run()).error?.message).toMatch(says);
      expect((await run()).error).toBeUndefined();
      expect(expectOneLinkedSkill()).toBe(skillId);
    });
  });
});
