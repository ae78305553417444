import { parseArgs } from 'node:util';
import { SimulatorEngine, SkillSettings } from './engine';
import { SimulatorOptionsError } from './errors';
import { readJsonFile } from './interactionModel';
import { AccountLinkingSettings } from './linking';
import { startSimulator } from './server';
import { TALK_HELP, talk } from './talk';

/**
 * The command line: the page (default) or `talk`. Everything comes from flags, or from a project
 * that calls `main` with what it knows (flags still win).
 */
export interface Project {
  defaults?: Partial<SkillSettings>;
  /** The client secret, when the account-linking settings do not carry it. */
  clientSecret?: (settings: AccountLinkingSettings) => Promise<string | undefined>;
}

/** Every flag: what it takes (nothing for a switch) and what it does. */
const FLAGS = {
  endpoint: ['URL', "the skill endpoint (HTTP(S); Alexa's JSON in, Alexa's JSON out)"],
  'skill-id': ['ID', "the skill's id (amzn1.ask.skill.…)"],
  models: ['DIR', "interaction models: <locale>.json or <language>.json, Alexa's or Jovo's format"],
  'invocation-name': ['NAME', "replaces the models' invocation name"],
  locales: ['en-US,de-DE', "the device's languages (default: the folder's <locale>.json files)"],
  locale: ['de-DE', 'the language to start in'],
  'account-linking': ['FILE', "SMAPI's accountLinkingRequest as JSON; a clientSecret in it is used, never shown"],
  'identity-url': ['URL', 'moves the authorization and token URLs onto this origin'],
  'refresh-skew-seconds': ['N', 'refresh the access token this long before it expires (default 60)'],
  port: ['N', 'the page listens here (default 3001); its /callback is the redirect URI'],
  host: ['ADDRESS', 'the page listens on this address (default 127.0.0.1)'],
  json: ['', 'talk: one JSON line per turn on stdout'],
  username: ['U', 'talk: the username for :link'],
  password: ['P', 'talk: the password for :link'],
  help: ['', 'this text'],
} as const;
type Flag = keyof typeof FLAGS;

const USAGE = `alexa-simulator [talk] [options]   the page at http://localhost:3001/, or (talk) a terminal
${Object.entries(FLAGS)
  .map(([name, [takes, what]]) => `  --${name} ${takes}`.padEnd(36) + what)
  .join('\n')}`;

/** Runs the command line; a bad option ends it with one clear line and exit code 1. */
export function main(argv: string[], project: Project = {}): void {
  run(argv, project).catch((error) => {
    process.stderr.write(`alexa-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

async function run(argv: string[], project: Project): Promise<void> {
  const options = Object.fromEntries(
    Object.entries(FLAGS).map(([name, [takes]]) => [name, { type: takes ? 'string' : 'boolean' } as const]),
  );
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  const flags = values as Partial<Record<Flag, string>>;
  const mode = positionals[0] ?? 'page';
  if (values.help) return void console.log(`${USAGE}\n\n${TALK_HELP}`);
  if (!['page', 'talk'].includes(mode)) throw new SimulatorOptionsError(`unknown command "${mode}" (talk, or none)`);
  const given = project.defaults ?? {};
  const file = flags['account-linking'] ? readAccountLinking(flags['account-linking']) : undefined;
  const linking = file?.settings ?? given.accountLinking;
  // Another models folder does not inherit the project's invocation name.
  const models = flags.models ? { dir: flags.models } : given.models;
  const invocationName = flags['invocation-name'] ?? models?.invocationName;
  const skill = {
    skillEndpoint: flags.endpoint ?? given.skillEndpoint,
    skillId: flags['skill-id'] ?? given.skillId,
    models: models && { dir: models.dir, invocationName },
    locales: flags.locales?.split(',').map((locale) => locale.trim()) ?? given.locales,
    accountLinking: linking && withOrigin(linking, flags['identity-url']),
  };
  const { skillEndpoint: endpoint, skillId, accountLinking } = skill;
  const needed = { endpoint, 'skill-id': skillId, models, 'account-linking': accountLinking };
  const missing = Object.keys(needed).filter((flag) => !needed[flag as keyof typeof needed]);
  if (missing.length > 0) throw new SimulatorOptionsError(`give --${missing.join(', --')} (--help says more)`);
  const settings = skill as SkillSettings;
  settings.clientSecret =
    file?.clientSecret ?? given.clientSecret ?? (await project.clientSecret?.(settings.accountLinking));
  if (!settings.clientSecret) console.warn('No client secret: linking will fail at the token exchange.');
  const port = count(flags.port, '--port') ?? 3001;
  const refreshSkewSeconds = count(flags['refresh-skew-seconds'], '--refresh-skew-seconds');
  const common = { ...settings, locale: flags.locale, refreshSkewSeconds };
  if (mode === 'talk') {
    // Never requested: the code and state are read from the sign-in page's redirect.
    const engine = new SimulatorEngine({ ...common, redirectUri: `http://localhost:${port}/callback` });
    process.exitCode = await talk(engine, { ...flags, json: values.json === true });
    return;
  }
  const simulator = await startSimulator({ ...common, port, host: flags.host });
  console.log(`Alexa simulator: ${simulator.url}/ (OAuth redirect URI ${simulator.callbackUrl})`);
  const stop = () => simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

function count(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new SimulatorOptionsError(`${flag} takes a whole number, got "${text}"`);
  return Number(text);
}

/** SMAPI's shape, bare or as `{"accountLinkingRequest": {...}}` (what `ask smapi get-account-linking-info` prints). */
function readAccountLinking(path: string): { settings: AccountLinkingSettings; clientSecret?: string } {
  const json = readJsonFile<Record<string, unknown>>(path, SimulatorOptionsError);
  const { clientSecret, ...request } = (json.accountLinkingRequest ?? json) as Record<string, unknown>;
  if (request.type !== 'AUTH_CODE') throw new SimulatorOptionsError(`${path}: only type AUTH_CODE is simulated`);
  const text = (key: string) => {
    if (typeof request[key] === 'string' && request[key]) return request[key] as string;
    throw new SimulatorOptionsError(`${path} needs ${key}`);
  };
  const expiry = request.defaultTokenExpirationInSeconds;
  const settings: AccountLinkingSettings = {
    type: 'AUTH_CODE',
    authorizationUrl: text('authorizationUrl'),
    accessTokenUrl: text('accessTokenUrl'),
    clientId: text('clientId'),
    scopes: Array.isArray(request.scopes) ? request.scopes.map(String) : [],
    accessTokenScheme:
      request.accessTokenScheme === 'REQUEST_BODY_CREDENTIALS' ? 'REQUEST_BODY_CREDENTIALS' : 'HTTP_BASIC',
    defaultTokenExpirationInSeconds: typeof expiry === 'number' ? expiry : undefined,
  };
  return { settings, clientSecret: typeof clientSecret === 'string' ? clientSecret : undefined };
}

/** The same paths on another origin (a local authorization server on another port, another domain). */
function withOrigin<T extends AccountLinkingSettings>(settings: T, origin: string | undefined): T {
  if (!origin) return settings;
  const moved = (url: string) => new URL(new URL(url).pathname + new URL(url).search, origin).toString();
  return {
    ...settings,
    authorizationUrl: moved(settings.authorizationUrl),
    accessTokenUrl: moved(settings.accessTokenUrl),
  };
}

if (require.main === module) main(process.argv.slice(2));
