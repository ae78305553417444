import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Finding } from '../../deploy/doctor/report';
import { RunningIdentity, startTestIdentity } from '../support/identity';
import { createClient, doctorInProcess, findingsOf, LOCAL_CREDENTIALS, VENDOR_ID } from './support/doctorBench';
import { alexaTrigger, StandIn, startLambdaStandIn, startSmapiStandIn } from './support/standIns';

/**
 * The skill's side: the Lambda function's permission for the skill id (Lambda GetPolicy, on a stand-in:
 * there is no local Lambda), and the skill's account linking read through the deploy's SMAPI client
 * (ask-smapi-sdk, signed in as the ASK CLI signs in) from a SMAPI stand-in.
 */
const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:profile-keeper-prod';
const OTHER_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:someone-elses';
const BARE_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:without-policy';

describe('the Lambda permission for the skill id', () => {
  let identity: RunningIdentity;
  let lambdaStandIn: StandIn;
  let clientId: string;

  beforeAll(async () => {
    const policies = new Map([
      [FUNCTION_ARN, [alexaTrigger(FUNCTION_ARN, SKILL_ID)]],
      [OTHER_ARN, [alexaTrigger(OTHER_ARN, 'amzn1.ask.skill.99999999-0000-4000-8000-000000000000')]],
    ]);
    [identity, lambdaStandIn] = await Promise.all([startTestIdentity(), startLambdaStandIn(policies)]);
    clientId = await createClient(identity);
  });
  afterAll(() => Promise.all([identity.close(), lambdaStandIn.close()]));

  const lambdaFinding = async (functionArn: string) => {
    const regions: string[] = [];
    const lambda = (region: string) => {
      regions.push(region);
      return new LambdaClient({ region, endpoint: lambdaStandIn.url, credentials: LOCAL_CREDENTIALS });
    };
    const settings = { endpoint: functionArn, skillId: SKILL_ID };
    const findings = await doctorInProcess(identity, clientId, { settings, tools: { lambda } });
    return { finding: findingsOf(findings, 'Lambda permission')[0], regions };
  };

  it("passes when alexa-appkit.amazon.com may invoke the function with the skill's id as event source token", async () => {
    const { finding, regions } = await lambdaFinding(FUNCTION_ARN);
    expect(finding).toEqual({
      check: 'Lambda permission',
      status: 'pass',
      text: `alexa-appkit.amazon.com may invoke it for ${SKILL_ID}`,
    });
    expect(regions).toEqual(['eu-west-1']); // the function's region, from its ARN
  });

  it('fails when the permission is for another skill, with the add-permission command as the fix', async () => {
    const { finding } = await lambdaFinding(OTHER_ARN);
    expect(finding.status).toBe('fail');
    expect(finding.text).toBe(`${OTHER_ARN} does not let Alexa invoke it for skill ${SKILL_ID}.`);
    expect(finding.fix).toBe(
      `deploy, or \`aws lambda add-permission --function-name ${OTHER_ARN} --statement-id alexa-skill --action lambda:InvokeFunction --principal alexa-appkit.amazon.com --event-source-token ${SKILL_ID}\`.`,
    );
  });

  it('fails when the function has no resource policy at all (GetPolicy: ResourceNotFoundException)', async () => {
    const { finding } = await lambdaFinding(BARE_ARN);
    expect(finding.status).toBe('fail');
    expect(finding.text).toBe(`${BARE_ARN} does not let Alexa invoke it for skill ${SKILL_ID}.`);
  });
});

describe("the skill's account linking, through SMAPI", () => {
  const SCHEME_SKILL = 'amzn1.ask.skill.22222222-2222-4333-8444-555555555555';
  const UNLINKED_SKILL = 'amzn1.ask.skill.33333333-2222-4333-8444-555555555555';
  let identity: RunningIdentity;
  let smapi: StandIn;
  let clientId: string;
  const found = new Map<string, Finding>();
  const refreshToken = `Atzr|${randomBytes(16).toString('hex')}`;
  const askEnv = () => ({
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'doctor-ask-home-')),
    ASK_REFRESH_TOKEN: refreshToken,
    ASK_VENDOR_ID: VENDOR_ID,
    ASK_SMAPI_SERVER_BASE_URL: smapi.url,
    ASK_LWA_TOKEN_HOST: smapi.url,
    ASK_SHARE_USAGE: 'false',
  });
  /** What the deploy sets on the skill, as SMAPI returns it (never with the secret). */
  const rightLinking = () => ({
    type: 'AUTH_CODE',
    authorizationUrl: `${identity.url}/oauth2/authorize`,
    accessTokenUrl: `${identity.url}/oauth2/token`,
    clientId,
    scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    accessTokenScheme: 'HTTP_BASIC',
    domains: [],
    skipOnEnablement: false,
  });

  beforeAll(async () => {
    const linking = new Map<string, object>();
    [identity, smapi] = await Promise.all([startTestIdentity(), startSmapiStandIn(refreshToken, linking)]);
    clientId = await createClient(identity);
    linking.set(SKILL_ID, rightLinking());
    linking.set(SCHEME_SKILL, { ...rightLinking(), accessTokenScheme: 'REQUEST_BODY_CREDENTIALS' });
    await Promise.all(
      [SKILL_ID, SCHEME_SKILL, UNLINKED_SKILL].map(async (skillId) => {
        const findings = await doctorInProcess(identity, clientId, {
          settings: { skillId },
          tools: { askEnv: askEnv() },
        });
        found.set(skillId, findingsOf(findings, 'skill account linking')[0]);
      }),
    );
  }, 60_000);
  afterAll(() => Promise.all([identity.close(), smapi.close()]));

  it('passes when it links to this domain and app client with AUTH_CODE and HTTP Basic', () => {
    expect(found.get(SKILL_ID)).toEqual({
      check: 'skill account linking',
      status: 'pass',
      text: `${SKILL_ID} links with AUTH_CODE, HTTP Basic, this domain and app client`,
    });
  });

  it('fails when the skill sends the credentials in the request body, naming accessTokenScheme', () => {
    expect(found.get(SCHEME_SKILL)).toEqual({
      check: 'skill account linking',
      status: 'fail',
      text: `the skill's account linking has accessTokenScheme "REQUEST_BODY_CREDENTIALS" (needs "HTTP_BASIC").`,
      fix: "run `npm run deploy -- --stage dev`: it sets the skill's account linking.",
    });
  });

  it('fails when the skill has no account linking (SMAPI answers 404)', () => {
    expect(found.get(UNLINKED_SKILL)?.status).toBe('fail');
    expect(found.get(UNLINKED_SKILL)?.text).toBe('SMAPI answers HTTP 404: the skill has no account linking.');
  });

  it('is not checked without ASK CLI credentials, and the Cognito side still decides', async () => {
    const findings = await doctorInProcess(identity, clientId, { settings: { skillId: SKILL_ID } });
    expect(findingsOf(findings, 'skill account linking')).toEqual([
      {
        check: 'skill account linking',
        status: 'skip',
        text: 'not checked: no ASK CLI credentials (`npx ask configure`)',
      },
    ]);
    expect(findings.filter((finding) => finding.status === 'fail')).toEqual([]);
  });
});
