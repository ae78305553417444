/**
 * `npm run simulator`: the Alexa simulator page on its own, against a skill and identity service
 * that are already running (`npm start` starts all three). Settings from flags or the environment.
 */
import { parseArgs } from 'node:util';
import { accountLinkingSettings, clientSecretFrom, DEFAULT_SIMULATOR_PORT, DEFAULT_SKILL_PACKAGE_DIR } from './config';
import { startSimulator } from './server';

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    endpoint: { type: 'string' },
    'identity-url': { type: 'string' },
    'refresh-skew-seconds': { type: 'string' },
  },
});

async function main(): Promise<void> {
  const env = process.env;
  const identityUrl = flags['identity-url'] ?? env.IDENTITY_URL;
  const settings = accountLinkingSettings(DEFAULT_SKILL_PACKAGE_DIR, {}, identityUrl);
  const clientSecret = await clientSecretFrom(env, settings);
  if (!clientSecret)
    console.warn(
      'No client secret (is the identity service running?): start it, or set COGNITO_CLIENT_SECRET, or linking will fail at the token exchange.',
    );
  const skew = flags['refresh-skew-seconds'] ?? env.SIMULATOR_REFRESH_SKEW_SECONDS;
  const simulator = await startSimulator({
    port: Number(flags.port ?? env.SIMULATOR_PORT ?? DEFAULT_SIMULATOR_PORT),
    host: flags.host ?? '127.0.0.1',
    skillEndpoint: flags.endpoint ?? env.SKILL_ENDPOINT,
    identityUrl,
    clientSecret,
    refreshSkewSeconds: skew === undefined ? undefined : Number(skew),
    log: (line) => console.log(line),
  });
  const shutdown = () => simulator.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(`simulator failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
