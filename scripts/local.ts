/**
 * The Alexa simulator (packages/alexa-simulator) for this project: it stands in for Alexa with the
 * dev stage of app.json (deploy/settings.ts), the models/ folder and app.json's invocation name, and
 * account linking as the deploy gives it to Alexa. `npm run simulator` (the page) and `npm run talk`
 * run this file (flags override: `npm run talk -- --help`); `npm start` uses the same settings.
 */
import './quietSdkNotice';
import * as Cognito from '@aws-sdk/client-cognito-identity-provider';
import { AccountLinkingSettings, main, SkillSettings } from '@profile-keeper/alexa-simulator';
import { join } from 'node:path';
import { accountLinkingRequest } from '../deploy/accountLinking';
import { stageSettings } from '../deploy/settings';
import { SKILL_LOCALES, SKILL_NAMES } from '../src/config';
import { METRIC_UNITS, MetricName, MetricsRecorder } from '../src/metrics';

/** The dev stage as Alexa would know it; `identityUrl` is the local identity service when not app.json's. */
export function devSkillSettings(identityUrl?: string): SkillSettings {
  const dev = stageSettings('dev', identityUrl ? { cognitoDomain: identityUrl } : {});
  return {
    skillEndpoint: dev.endpoint,
    skillId: dev.skillId,
    models: { dir: join(__dirname, '..', 'models'), invocationName: SKILL_NAMES.invocationName },
    locales: Object.keys(SKILL_LOCALES),
    accountLinking: accountLinkingRequest(dev),
  };
}

/**
 * Alexa holds the app client's secret; on this machine it is COGNITO_CLIENT_SECRET, or, for a token
 * endpoint on this machine, the local identity service's, read as an operator reads it from Cognito:
 * DescribeUserPoolClient. Undefined when neither is there (the simulator then says linking will fail).
 */
export async function localClientSecret(
  settings: Pick<AccountLinkingSettings, 'accessTokenUrl' | 'clientId'>,
  env: Record<string, string | undefined>,
): Promise<string | undefined> {
  if (env.COGNITO_CLIENT_SECRET) return env.COGNITO_CLIENT_SECRET;
  const tokenEndpoint = new URL(settings.accessTokenUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(tokenEndpoint.hostname)) return undefined;
  const { region, userPoolId } = stageSettings('dev');
  const cognito = new Cognito.CognitoIdentityProviderClient({
    region,
    endpoint: tokenEndpoint.origin, // the identity service answers the Cognito API at its Hosted UI's origin
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, // it listens on loopback and takes any
    maxAttempts: 1,
  });
  try {
    const command = new Cognito.DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: settings.clientId });
    const { UserPoolClient } = await cognito.send(command, { abortSignal: AbortSignal.timeout(3000) });
    return UserPoolClient?.ClientSecret;
  } catch {
    return undefined; // not running, or another pool
  } finally {
    cognito.destroy();
  }
}

/**
 * The skill's metrics on this machine, for the simulator page: the same names and units as the EMF
 * documents in Lambda (src/metrics.ts), summed since start. AnswerLatency and ColdStart come from the
 * Lambda handler only, so they are not here.
 */
export function localMetrics(): MetricsRecorder & { summary(): Record<string, string> } {
  const values = new Map<MetricName, number[]>();
  const figure = (name: MetricName, all: number[]) => {
    if (METRIC_UNITS[name] === 'Count') return String(all.reduce((sum, value) => sum + value, 0));
    const sorted = [...all].sort((a, b) => a - b);
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    return `${ms(sorted[Math.floor((sorted.length - 1) / 2)])} median, ${ms(sorted[sorted.length - 1])} max (${sorted.length})`;
  };
  return {
    add: (name, value = 1) => void values.set(name, [...(values.get(name) ?? []), value]),
    summary: () => Object.fromEntries([...values].map(([name, all]) => [name, figure(name, all)])),
  };
}

if (require.main === module) {
  main(process.argv.slice(2), {
    defaults: devSkillSettings(),
    clientSecret: (settings) => localClientSecret(settings, process.env),
  });
}
