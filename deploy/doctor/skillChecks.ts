import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { homedir } from 'node:os';
import { accountLinkingRequest } from '../accountLinking';
import { askCredentials, isProblem } from '../askCredentials';
import { StageSettings } from '../settings';
import { Smapi } from '../smapi';
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

/**
 * The skill's account linking (SMAPI, development stage) against this pool's domain and app client,
 * read with the deploy's SMAPI client and the ASK CLI's credentials, as the deploy finds them.
 */
export async function skillAccountLinkingFinding(settings: StageSettings, askEnv: NodeJS.ProcessEnv): Promise<Finding> {
  const name = 'skill account linking';
  if (!settings.skillId) return skip(name, 'not checked: no skill id yet');
  const ask = askCredentials(askEnv, askEnv.HOME || homedir());
  if (isProblem(ask)) return skip(name, 'not checked: no ASK CLI credentials (`npx ask configure`)');
  const answer = await new Smapi(ask, undefined, askEnv)
    .accountLinking(settings.skillId)
    .catch((error: Error) => error);
  const actual = answer instanceof Error ? {} : (answer ?? {});
  const expected = accountLinkingRequest(settings);
  const keys = ['type', 'authorizationUrl', 'accessTokenUrl', 'clientId', 'scopes', 'accessTokenScheme'] as const;
  const text = (value: unknown) => JSON.stringify(Array.isArray(value) ? [...value].sort() : value);
  const differ = keys.filter((key) => text(actual[key]) !== text(expected[key]));
  return check(
    name,
    answer instanceof Error
      ? `${answer.message.split('\n')[0]}.`
      : !answer
        ? 'SMAPI answers HTTP 404: the skill has no account linking.'
        : differ.length > 0 &&
          `the skill's account linking has ${differ.map((key) => `${key} ${text(actual[key])} (needs ${text(expected[key])})`).join(', ')}.`,
    `${settings.skillId} links with AUTH_CODE, HTTP Basic, this domain and app client`,
    `run \`npm run deploy -- --stage ${settings.stage}\`: it sets the skill's account linking.`,
  );
}
