/**
 * The `cognito-local` command (`npm run identity` at the root): `cognito-local [flags]` starts the
 * service; `cognito-local add-user [flags]` adds a confirmed user to a running one. A flag wins over its
 * environment variable; every setting is read here and passed in, nothing below reads the environment.
 */
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { parseArgs } from 'node:util';
import { parseAccessTokenClaims } from './accessTokenClaims';
import { parseFaults } from './faults';
import { startIdentityService, UsernameAttribute } from './index';
import { createLogger, isLogLevel, LOG_LEVELS } from './log';

/** Each command's flags. A serve flag falls back to IDENTITY_<FLAG> (--vendor-id to ALEXA_VENDOR_ID). */
const FLAGS = {
  serve:
    'port host data-dir log-level username-attributes access-token-ttl refresh-token-ttl vendor-id callback-url ' +
    'access-token-claims faults latency-ms error-rate throttle-rate drop-rate',
  'add-user': 'username password email name preferred-username url',
};
const envOf = (flag: string) =>
  flag === 'vendor-id' ? 'ALEXA_VENDOR_ID' : `IDENTITY_${flag.toUpperCase().replaceAll('-', '_')}`;

const args = process.argv.slice(2);
const command = args[0] === 'add-user' ? 'add-user' : 'serve';
const flags = FLAGS[command].split(' ').map((name) => [name, { type: 'string', multiple: name === 'callback-url' }]);
const parsed = parseArgs({ args: command === 'serve' ? args : args.slice(1), options: Object.fromEntries(flags) });
const values = parsed.values as Record<string, string | undefined>;
const fromEnv = (name: string) => (command === 'serve' || name === 'url' ? process.env[envOf(name)] : undefined);
const setting = (name: string) => values[name] ?? fromEnv(name);
const numberOf = (name: string) => {
  const value = setting(name);
  if (value !== undefined && !Number.isFinite(Number(value))) throw new Error(`--${name} is not a number: ${value}`);
  return value === undefined ? undefined : Number(value);
};

function faults() {
  const faults: Record<string, unknown> = JSON.parse(setting('faults') ?? '{}');
  const latency = setting('latency-ms');
  if (latency) faults.getUserLatencyMs = latency.includes('-') ? latency.split('-').map(Number) : Number(latency);
  for (const name of ['error', 'throttle', 'drop']) {
    if (setting(`${name}-rate`)) faults[`${name}Rate`] = numberOf(`${name}-rate`);
  }
  return parseFaults(faults);
}

async function serve(): Promise<void> {
  const started = process.hrtime.bigint();
  const logLevel = setting('log-level') ?? 'info';
  if (!isLogLevel(logLevel)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const usernameAttributes = (setting('username-attributes') ?? '').split(',').filter(Boolean);
  if (usernameAttributes.some((name) => name !== 'email')) throw new Error('--username-attributes takes only "email"');
  const service = await startIdentityService({
    port: numberOf('port') ?? 9339,
    host: setting('host'),
    dataDir: setting('data-dir'),
    usernameAttributes: usernameAttributes as UsernameAttribute[],
    accessTokenTtlSeconds: numberOf('access-token-ttl'),
    refreshTokenTtlSeconds: numberOf('refresh-token-ttl'),
    alexaVendorId: setting('vendor-id'),
    callbackUrls: (parsed.values as Record<string, string[] | undefined>)['callback-url'],
    accessTokenClaims: parseAccessTokenClaims(setting('access-token-claims')),
    faults: faults(),
    logger: createLogger(logLevel),
  });
  const [ms, claims] = [Math.round(Number(process.hrtime.bigint() - started) / 1e6), service.accessTokenClaims];
  console.log(`Local Cognito identity service listening on ${service.url} (ready in ${ms} ms)
  ${service.seeded ? 'created' : 'using'} ${service.dataDir}: pool ${service.userPoolId}, app client ${service.clientId}
  users sign in by ${usernameAttributes.length ? 'email' : 'username'}; read the client secret with DescribeUserPoolClient
  Hosted UI ${service.url}/oauth2/authorize, issuer ${service.issuer}
  ${claims ? `access tokens also carry email as "${claims.email}" and name as "${claims.name}" (pre token generation V2)` : 'access tokens carry no user attributes (no pre token generation trigger)'}`);
  const shutdown = () => void service.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/**
 * Adds a confirmed user the way an operator would in AWS: AdminCreateUser (no invitation), then
 * AdminSetUserPassword with Permanent, through the real AWS SDK (the local service does not check SigV4).
 */
async function addUser(): Promise<void> {
  const [Username, Password, email, name] = ['username', 'password', 'email', 'name'].map(setting);
  if (!Username || !Password) {
    throw new Error('usage: npm run identity:add-user -- --username NAME --password PASSWORD [--email E] [--name N]');
  }
  const UserPoolId = 'us-east-1_LocalPool';
  const endpoint = setting('url') ?? 'http://127.0.0.1:9339';
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const client = new sdk.CognitoIdentityProviderClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });
  const given = { email, email_verified: email && 'true', name, preferred_username: setting('preferred-username') };
  const UserAttributes = Object.entries(given).flatMap(([Name, Value]) => (Value ? [{ Name, Value }] : []));
  try {
    // The temporary password is checked against the policy before the user exists: a weak one creates nobody.
    const created = { UserPoolId, Username, UserAttributes, TemporaryPassword: Password };
    await client.send(new sdk.AdminCreateUserCommand({ ...created, MessageAction: 'SUPPRESS' }));
    await client.send(new sdk.AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }));
    console.log(`Added user ${Username} to ${UserPoolId}; they can sign in at the Hosted UI now.`);
  } finally {
    client.destroy();
  }
}

(command === 'add-user' ? addUser() : serve()).catch((error: Error) => {
  console.error(`cognito-local ${command} failed: ${error.name}: ${error.message}`);
  if (/ECONNREFUSED|fetch failed/.test(`${error.message} ${error.cause}`)) {
    console.error('Is the identity service running? Start it with `npm run identity`.');
  }
  process.exit(1);
});
