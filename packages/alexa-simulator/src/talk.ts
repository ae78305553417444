/**
 * `npm run talk`: the simulator in a terminal. One utterance per line; `:` lines are commands.
 * With --json, stdout carries exactly one JSON line per turn (commands report on stderr), so
 * scripts can pipe a conversation through it:
 *   printf ':link\nopen profile keeper\nwhat is my email\n' | npm run -s talk -- --json --username alice --password ...
 */
import { createInterface, Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  accountLinkingSettings,
  clientSecretFrom,
  DEFAULT_MODELS_DIR,
  DEFAULT_SKILL_ENDPOINT,
  DEFAULT_SKILL_PACKAGE_DIR,
  defaultSkillId,
} from './config';
import { SimulatorEngine, TurnResult } from './engine';
import { SimulatorError } from './errors';
import { AccountLink } from './linking';

const HELP = `Say anything, one utterance per line ("open profile keeper", "what is my email address").
Commands:
  :link [--username u --password p]   link the account (sign in on the identity service's page)
  :unlink                             forget the tokens
  :new                                end the session; the next line starts a new one
  :end                                end the session (SessionEndedRequest)
  :intent Name [slot=value ...]       send an intent directly
  :locale de-DE                       switch the device's language (new session)
  :status                             link and session state
  :quit                               leave`;

const { values: flags } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    'identity-url': { type: 'string' },
    'skill-package': { type: 'string' },
    'models-dir': { type: 'string' },
    'redirect-uri': { type: 'string' },
    'refresh-skew-seconds': { type: 'string' },
    locale: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const json = flags.json === true;
const say = (line: string) => process.stdout.write(`${line}\n`);
/** Human-readable notes: stdout normally, stderr in --json mode (stdout is for turns only). */
const note = (line: string) => (json ? process.stderr.write(`${line}\n`) : say(line));

async function createEngine(): Promise<SimulatorEngine> {
  const skillPackageDir = flags['skill-package'] ?? DEFAULT_SKILL_PACKAGE_DIR;
  const settings = accountLinkingSettings(skillPackageDir, {}, flags['identity-url']);
  const skew = flags['refresh-skew-seconds'];
  return new SimulatorEngine({
    skillEndpoint: flags.endpoint ?? DEFAULT_SKILL_ENDPOINT,
    skillId: defaultSkillId(),
    locale: flags.locale ?? 'en-US',
    models: { skillPackageDir, modelsDir: flags['models-dir'] ?? DEFAULT_MODELS_DIR },
    link: new AccountLink({
      settings,
      clientSecret: await clientSecretFrom(process.env, settings),
      // Never requested: the code and state are read from the sign-in page's redirect.
      redirectUri: flags['redirect-uri'] ?? 'http://localhost:3001/callback',
      refreshSkewSeconds: skew === undefined ? undefined : Number(skew),
    }),
  });
}

function print(result: TurnResult): void {
  if (json) {
    say(
      JSON.stringify({
        utterance: result.utterance ?? null,
        requestType: result.requestType,
        intent: result.intent ?? null,
        speech: result.speech,
        reprompt: result.reprompt || null,
        card: result.card ?? null,
        shouldEndSession: result.shouldEndSession,
        sessionAttributes: result.sessionAttributes,
        refreshed: result.refreshed,
        linked: result.linked,
        ...(result.error && { error: result.error }),
      }),
    );
    return;
  }
  const slots = Object.entries(result.slots ?? {}).map(([name, fill]) => {
    const resolution =
      fill.resolution === undefined ? '' : fill.resolution ? ` -> ${fill.resolution.id}` : ' -> no match';
    return `${name}="${fill.value}"${resolution}`;
  });
  const tags = [result.intent ?? result.requestType, ...slots, result.refreshed ? 'token refreshed' : ''].filter(
    Boolean,
  );
  say(`  [${tags.join(' · ')}]`);
  if (result.error) say(`  ! ${result.error}`);
  if (result.note) say(`  (${result.note})`);
  if (result.speech) say(`alexa> ${result.speech}`);
  if (result.reprompt) say(`  reprompt: ${result.reprompt}`);
  if (result.card) {
    say(
      result.card.type === 'LinkAccount'
        ? '  card: LinkAccount — link your account (:link)'
        : `  card (${result.card.type}): ${result.card.title ?? ''}`,
    );
    if (result.card.content) say(`    ${result.card.content.replace(/\n/g, '\n    ')}`);
  }
  if (result.shouldEndSession && result.requestType !== 'SessionEndedRequest') say('  (session ended)');
}

function ask(rl: Interface, question: string, secret = false): Promise<string> {
  return new Promise((resolve) => {
    if (secret) {
      const output = rl as unknown as { _writeToOutput: (text: string) => void };
      const original = output._writeToOutput.bind(rl);
      output._writeToOutput = (text: string) => original(text.startsWith(question) ? text : '');
      rl.question(question, (answer) => {
        output._writeToOutput = original;
        process.stdout.write('\n');
        resolve(answer);
      });
      return;
    }
    rl.question(question, resolve);
  });
}

async function link(engine: SimulatorEngine, rl: Interface, args: string[]): Promise<void> {
  const parsed = parseArgs({ args, options: { username: { type: 'string' }, password: { type: 'string' } } }).values;
  const interactive = process.stdin.isTTY === true;
  let username = parsed.username ?? flags.username;
  let password = parsed.password ?? flags.password;
  if (!username && interactive) username = await ask(rl, 'username: ');
  if (!password && interactive) password = await ask(rl, 'password: ', true);
  if (!username || !password) throw new SimulatorError('give --username and --password (no terminal to ask on)');
  const event = await engine.linkWithPassword({ username, password });
  const status = engine.linkStatus();
  note(
    `linked as ${status.username ?? username}; token expires ${new Date(status.expiresAt ?? 0).toLocaleTimeString()}`,
  );
  note(
    event.error
      ? `the skill did not take SkillAccountLinked: ${event.error}`
      : 'sent AlexaSkillEvent.SkillAccountLinked to the skill',
  );
}

/** Runs one line; false means quit. */
async function handleLine(engine: SimulatorEngine, rl: Interface, line: string): Promise<boolean> {
  const text = line.trim();
  if (!text || text.startsWith('#')) return true;
  if (!text.startsWith(':')) {
    print(await engine.turn(text));
    return true;
  }
  const [command, ...args] = text.slice(1).split(/\s+/);
  switch (command) {
    case 'quit':
    case 'q':
    case 'exit':
      return false;
    case 'link':
      await link(engine, rl, args);
      break;
    case 'unlink':
      await engine.unlink();
      note('unlinked: tokens forgotten');
      break;
    case 'new':
      await engine.newSession();
      note('new session: the next line starts it');
      break;
    case 'end':
      print(await engine.endSession());
      break;
    case 'locale':
      await engine.setLocale(args[0] ?? '');
      note(`locale ${engine.locale} (new session)`);
      break;
    case 'intent': {
      const slots = Object.fromEntries(args.slice(1).map((pair) => pair.split('=', 2) as [string, string]));
      print(await engine.turn({ intent: args[0] ?? '', slots }));
      break;
    }
    case 'status': {
      const status = engine.linkStatus();
      note(status.linked ? `linked as ${status.username}; ${status.refreshCount} refreshes` : 'not linked');
      note(
        `session: ${engine.sessionState().sessionId ?? 'none open'}; locale ${engine.locale}; endpoint ${engine.skillEndpoint}`,
      );
      break;
    }
    default:
      note(HELP);
  }
  return true;
}

async function main(): Promise<void> {
  if (flags.help) {
    say(
      `npm run talk -- [--endpoint URL] [--identity-url URL] [--locale en-US] [--username u --password p] [--json]\n\n${HELP}`,
    );
    return;
  }
  const engine = await createEngine();
  engine.model();
  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  if (interactive && !json) {
    note(`Talking to ${engine.skillEndpoint} as Alexa (${engine.locale}). :help for commands.`);
    rl.setPrompt('you> ');
    rl.prompt();
  }
  let failures = 0;
  for await (const line of rl) {
    try {
      if (!(await handleLine(engine, rl, line))) break;
    } catch (error) {
      failures += 1;
      note(`! ${error instanceof Error ? error.message : String(error)}`);
    }
    if (interactive && !json) rl.prompt();
  }
  rl.close();
  // Leaving with a session open: Alexa tells the skill the user went away.
  if (engine.sessionState().open) await engine.endSession().catch(() => undefined);
  process.exitCode = failures > 0 && !interactive ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`talk: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
