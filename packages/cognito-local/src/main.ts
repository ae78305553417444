/**
 * `npm run identity`: the local Cognito stand-in on its own. Flags win over environment variables:
 *   --port / IDENTITY_PORT (9339)   --host / IDENTITY_HOST (127.0.0.1)   --data-dir / IDENTITY_DATA_DIR
 *   --log-level / IDENTITY_LOG_LEVEL (info; 'debug' logs one line per request)
 *   --access-token-ttl / IDENTITY_ACCESS_TOKEN_TTL (s)   --refresh-token-ttl / IDENTITY_REFRESH_TOKEN_TTL (s)
 *   --vendor-id / ALEXA_VENDOR_ID (adds Alexa's redirect URLs)   --callback-url URL (repeatable)
 *   --access-token-claims / IDENTITY_ACCESS_TOKEN_CLAIMS  on | off (default) | email=<claim>,name=<claim>
 *   --faults / IDENTITY_FAULTS '{"getUserLatencyMs":[20,80],"errorRate":0.1}'
 *   --latency-ms 50 | 20-80   --error-rate 0.1   --throttle-rate 0.1   --drop-rate 0.05
 * Every setting is read here and passed in; nothing below reads the environment.
 */
import { parseArgs } from 'node:util';
import { describeAccessTokenClaims, parseAccessTokenClaims } from './accessTokenClaims';
import { Faults, parseFaults } from './faults';
import { startIdentityService } from './index';
import { isLogLevel, LOG_LEVELS } from './log';
import { defaultLogger } from './requestLog';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    'log-level': { type: 'string' },
    'access-token-ttl': { type: 'string' },
    'refresh-token-ttl': { type: 'string' },
    'vendor-id': { type: 'string' },
    'callback-url': { type: 'string', multiple: true },
    'access-token-claims': { type: 'string' },
    faults: { type: 'string' },
    'latency-ms': { type: 'string' },
    'error-rate': { type: 'string' },
    'throttle-rate': { type: 'string' },
    'drop-rate': { type: 'string' },
  },
});
const env = process.env;

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new Error(`not a number: ${value}`);
  return number;
}

function faultsFromFlags(): Faults {
  const faults: Record<string, unknown> = JSON.parse(values.faults ?? env.IDENTITY_FAULTS ?? '{}');
  const latency = values['latency-ms'];
  if (latency) faults.getUserLatencyMs = latency.includes('-') ? latency.split('-').map(Number) : Number(latency);
  if (values['error-rate']) faults.errorRate = Number(values['error-rate']);
  if (values['throttle-rate']) faults.throttleRate = Number(values['throttle-rate']);
  if (values['drop-rate']) faults.dropRate = Number(values['drop-rate']);
  return parseFaults(faults);
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const logLevel = values['log-level'] ?? env.IDENTITY_LOG_LEVEL ?? 'info';
  if (!isLogLevel(logLevel)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const faults = faultsFromFlags();
  const service = await startIdentityService({
    port: numberOf(values.port ?? env.IDENTITY_PORT) ?? 9339,
    host: values.host ?? env.IDENTITY_HOST,
    dataDir: values['data-dir'] ?? env.IDENTITY_DATA_DIR,
    accessTokenTtlSeconds: numberOf(values['access-token-ttl'] ?? env.IDENTITY_ACCESS_TOKEN_TTL),
    refreshTokenTtlSeconds: numberOf(values['refresh-token-ttl'] ?? env.IDENTITY_REFRESH_TOKEN_TTL),
    alexaVendorId: values['vendor-id'] ?? env.ALEXA_VENDOR_ID,
    callbackUrls: values['callback-url'],
    accessTokenClaims: parseAccessTokenClaims(values['access-token-claims'] ?? env.IDENTITY_ACCESS_TOKEN_CLAIMS),
    faults,
    logger: defaultLogger(logLevel),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const data = service.seeded
    ? `created ${service.dataDir} (demo users, generated app client secret, signing key)`
    : `using ${service.dataDir}`;
  console.log(`Local Cognito identity service listening on ${service.url} (ready in ${ms.toFixed(0)} ms)`);
  console.log(`  data: ${data}`);
  console.log(`  user pool ${service.userPoolId}, app client ${service.clientId}, issuer ${service.issuer}`);
  console.log(`  client secret: read it with DescribeUserPoolClient (identity/README.md); it is never printed`);
  console.log(`  Hosted UI ${service.url}/oauth2/authorize   JWKS ${service.jwksUri}`);
  console.log(`  ${describeAccessTokenClaims(service.accessTokenClaims)}`);
  if (Object.keys(faults).length > 0) console.log(`  GetUser faults: ${JSON.stringify(faults)}`);

  const shutdown = () => void service.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(`identity service failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
