import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { accountLinkingRequest } from '../accountLinking';
import { StageSettings } from '../settings';
import { check, Finding, skip } from './report';

type Statement = { Effect?: string; Principal?: { Service?: string }; Condition?: Record<string, object> };

/** Alexa invokes a Lambda function only when its resource policy lets this skill id (EventSourceToken) do so. */
export async function lambdaPermissionFinding(settings: StageSettings, lambda: (region: string) => LambdaClient) {
  const { endpoint: functionArn, skillId } = settings;
  if (!functionArn.startsWith('arn:aws:lambda:')) return skip('Lambda permission', 'not checked: no Lambda endpoint');
  const statements = await lambda(functionArn.split(':')[3])
    .send(new GetPolicyCommand({ FunctionName: functionArn }))
    .then(({ Policy }) => (JSON.parse(Policy ?? '{}') as { Statement?: Statement[] }).Statement ?? [])
    .catch((error: Error) => (error.name === 'ResourceNotFoundException' ? [] : error));
  const allows = (statement: Statement) =>
    statement.Effect === 'Allow' &&
    statement.Principal?.Service === 'alexa-appkit.amazon.com' &&
    (statement.Condition?.StringEquals as Record<string, string>)?.['lambda:EventSourceToken'] === skillId;
  return check(
    'Lambda permission',
    statements instanceof Error
      ? `GetPolicy failed: ${statements.message}`
      : !statements.some(allows) && `${functionArn} does not let Alexa invoke it for skill ${skillId || '(none)'}.`,
    `alexa-appkit.amazon.com may invoke it for ${skillId}`,
    `deploy, or \`aws lambda add-permission --function-name ${functionArn} --statement-id alexa-skill --action lambda:InvokeFunction --principal alexa-appkit.amazon.com --event-source-token ${skillId || '<skill id>'}\`.`,
  );
}

/** As the ASK CLI decides: its environment variables (all of them), else a signed-in profile. */
function askSignedIn(env: NodeJS.ProcessEnv): boolean {
  if ((env.ASK_REFRESH_TOKEN || env.ASK_ACCESS_TOKEN) && env.ASK_VENDOR_ID && env.AWS_ACCESS_KEY_ID) return true;
  const file = join(env.HOME || homedir(), '.ask', 'cli_config');
  const profiles = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).profiles : undefined;
  return Boolean(profiles?.[env.ASK_DEFAULT_PROFILE || 'default']?.token?.refresh_token);
}

/** `ask smapi ...` through the project's ASK CLI (never a global one): its JSON answer, or its error message. */
function askSmapi(args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const bin = join(dirname(require.resolve('ask-cli/package.json')), 'dist', 'bin', 'ask.js');
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [bin, 'smapi', ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (!error) return resolve(JSON.parse(stdout || '{}'));
      // The ASK CLI prints SMAPI's status code, not its message.
      const status = /status code (\d{3})/.exec(stderr)?.[1];
      reject(new Error(status ? `HTTP ${status}` : stderr.trim() || error.message));
    }),
  );
}

/** The skill's account linking (SMAPI, development stage) against this pool's domain and app client. */
export async function skillAccountLinkingFinding(settings: StageSettings, askEnv: NodeJS.ProcessEnv): Promise<Finding> {
  const name = 'skill account linking';
  if (!settings.skillId) return skip(name, 'not checked: no skill id yet');
  if (!askSignedIn(askEnv)) return skip(name, 'not checked: no ASK CLI credentials (`npx ask configure`)');
  const args = ['get-account-linking-info', '--skill-id', settings.skillId, '--stage', 'development'];
  const answer = await askSmapi(args, askEnv).catch((error: Error) => error);
  const actual = answer instanceof Error ? {} : ((answer.accountLinkingResponse ?? {}) as Record<string, unknown>);
  const expected = accountLinkingRequest(settings);
  const keys = ['type', 'authorizationUrl', 'accessTokenUrl', 'clientId', 'scopes', 'accessTokenScheme'] as const;
  const text = (value: unknown) => JSON.stringify(Array.isArray(value) ? [...value].sort() : value);
  const differ = keys.filter((key) => text(actual[key]) !== text(expected[key]));
  return check(
    name,
    answer instanceof Error
      ? `SMAPI answers ${answer.message}${answer.message === 'HTTP 404' ? ': the skill has no account linking' : ''}.`
      : differ.length > 0 &&
          `the skill's account linking has ${differ.map((key) => `${key} ${text(actual[key])} (needs ${text(expected[key])})`).join(', ')}.`,
    `${settings.skillId} links with AUTH_CODE, HTTP Basic, this domain and app client`,
    `run \`npm run deploy -- --stage ${settings.stage}\`: it sets the skill's account linking.`,
  );
}
