import '../../scripts/quietSdkNotice';
import * as Cognito from '@aws-sdk/client-cognito-identity-provider';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isStage, StageSettings } from '../settings';
import { currentSettings } from '../state';
import { appClientFindings, poolFindings } from './appClientChecks';
import { signInPageFindings, tokenEndpointFinding } from './hostedUiProbes';
import { fail, Finding, fits, formatReport } from './report';
import { lambdaPermissionFinding, skillAccountLinkingFinding } from './skillChecks';

/**
 * `npm run doctor -- --stage <stage>` (default prod): checks, changing nothing, that the user pool, its
 * app client and domain, the Lambda function and the skill's account linking fit together, and says how
 * to fix what does not. Exit code 0 when everything fits, 1 when something does not, 2 when it cannot run.
 */

/** The overrides the skill honours (src/config.ts), and COGNITO_DOMAIN for the Hosted UI's address. */
export const withOverrides = (settings: StageSettings, env: NodeJS.ProcessEnv): StageSettings => ({
  ...settings,
  region: env.COGNITO_REGION || settings.region,
  userPoolId: env.COGNITO_USER_POOL_ID || settings.userPoolId,
  appClientId: env.COGNITO_APP_CLIENT_ID || settings.appClientId,
  cognitoApiEndpoint: env.COGNITO_API_ENDPOINT || settings.cognitoApiEndpoint,
  cognitoDomain: (env.COGNITO_DOMAIN || settings.cognitoDomain).replace(/\/+$/, ''),
  skillId: env.SKILL_ID || settings.skillId,
});

/** What the doctor talks to: `npm run doctor` makes them from its environment, tests point them at stand-ins. */
export interface DoctorTools {
  cognito: Cognito.CognitoIdentityProviderClient;
  lambda: (region: string) => LambdaClient;
  /** The ASK CLI's environment: without its credentials, the skill's side is not checked. */
  askEnv: NodeJS.ProcessEnv;
}

/** Read-only: Describe* on the pool, GetPolicy, a SMAPI GET, and probes of the Hosted UI that sign nobody in. */
export async function runDoctor(settings: StageSettings, { cognito, lambda, askEnv }: DoctorTools): Promise<Finding[]> {
  const { stage, userPoolId: UserPoolId, appClientId: ClientId, region } = settings;
  const fix = `deploy the stage, or name your pool and app client in app.json stages.${stage} (or COGNITO_USER_POOL_ID, COGNITO_APP_CLIENT_ID, COGNITO_REGION), with AWS credentials that may read them.`;
  if (!UserPoolId || !ClientId) {
    return [fail('user pool', `stage ${stage} names no user pool and app client yet.`, fix)];
  }
  const read = await Promise.all([
    cognito.send(new Cognito.DescribeUserPoolCommand({ UserPoolId })),
    cognito.send(new Cognito.DescribeUserPoolClientCommand({ UserPoolId, ClientId })),
  ]).catch((error: Error) => error);
  if (read instanceof Error) {
    const why = `Cognito (${region}) answers ${read.name} for pool ${UserPoolId}, app client ${ClientId}: ${read.message}`;
    return [fail('user pool', why, fix)];
  }
  const [pool, client] = [read[0].UserPool ?? {}, read[1].UserPoolClient ?? {}];
  const Domain = pool.CustomDomain ?? pool.Domain;
  const described = Domain ? await cognito.send(new Cognito.DescribeUserPoolDomainCommand({ Domain })) : undefined;
  // Unless configured, the Hosted UI is where Cognito serves the pool's domain (a prefix, or a custom domain).
  const served = `https://${Domain}${Domain?.includes('.') ? '' : `.auth.${region}.amazoncognito.com`}`;
  const hosted = { ...settings, cognitoDomain: settings.cognitoDomain || (Domain ? served : '') };
  const probes = await Promise.all([
    signInPageFindings(hosted),
    tokenEndpointFinding(hosted, client.ClientSecret),
    lambdaPermissionFinding(settings, lambda),
    skillAccountLinkingFinding(hosted, askEnv),
  ]);
  const poolChecks = poolFindings(settings, pool, described?.DomainDescription ?? {});
  return [...appClientFindings(settings, client), ...poolChecks, ...probes.flat()];
}

async function main(): Promise<number> {
  const { stage = 'prod' } = parseArgs({ options: { stage: { type: 'string' } } }).values;
  if (!isStage(stage)) throw new Error(`unknown stage "${stage}": use --stage dev or --stage prod`);
  const settings = withOverrides(currentSettings(join(__dirname, '..', '..'), stage).settings, process.env);
  const endpoint = settings.cognitoApiEndpoint;
  // The local identity service checks no signature, and an http endpoint is never AWS: no keys needed there.
  const credentials = endpoint?.startsWith('http://') ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  const cognito = new Cognito.CognitoIdentityProviderClient({ region: settings.region, endpoint, credentials });
  const lambda = (region: string) => new LambdaClient({ region });
  console.log(`Stage ${stage}: user pool ${settings.userPoolId || '–'}, app client ${settings.appClientId || '–'}\n`);
  const findings = await runDoctor(settings, { cognito, lambda, askEnv: process.env });
  console.log(formatReport(findings));
  return fits(findings) ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(`npm run doctor: ${error.message}`);
      process.exitCode = 2;
    },
  );
}
