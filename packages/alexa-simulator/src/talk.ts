import { createInterface, Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SimulatorEngine, TurnResult } from './engine';
import { SimulatorError } from './errors';

/**
 * The simulator in a terminal. One utterance per line; `:` lines are commands. With `json`, stdout
 * carries exactly one JSON line per turn (everything else goes to stderr), so scripts can pipe a
 * conversation through it.
 */
export const TALK_HELP = `Say anything, one utterance per line ("open <invocation name>", "help").
Commands:
  :link [--username u --password p]   link the account (sign in on the authorization server's page)
  :unlink                             forget the tokens
  :new                                end the session (SessionEndedRequest); the next line starts a new one
  :locale de-DE                       switch the device's language (ends the session)
  :status                             link and session state
  :quit                               leave`;

/** `username` and `password` serve :link when there is no terminal to ask on. */
export async function talk(engine: SimulatorEngine, options: { json: boolean; username?: string; password?: string }) {
  const interactive = process.stdin.isTTY === true && !options.json;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const note = (line: string) => (options.json ? process.stderr.write(`${line}\n`) : say(line));
  const print = (result: TurnResult) => (options.json ? say(jsonLine(result)) : say(humanLines(result)));
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });

  async function link(args: string[]): Promise<void> {
    const flags = parseArgs({ args, options: { username: { type: 'string' }, password: { type: 'string' } } }).values;
    const username = flags.username ?? options.username ?? (interactive ? await ask(rl, 'username: ') : '');
    const password = flags.password ?? options.password ?? (interactive ? await ask(rl, 'password: ', true) : '');
    if (!username || !password) throw new SimulatorError('give --username and --password (no terminal to ask on)');
    const event = await engine.linkWithPassword({ username, password });
    const { username: linkedAs, expiresAt = 0 } = engine.link.status();
    note(`linked as ${linkedAs ?? username}; token expires ${new Date(expiresAt).toLocaleTimeString()}`);
    note(event.error ? `the skill refused SkillAccountLinked: ${event.error}` : 'sent SkillAccountLinked');
  }

  /** Runs one line; false means quit. */
  async function handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (!text || text.startsWith('#')) return true;
    if (!text.startsWith(':')) {
      print(await engine.turn(text));
      return true;
    }
    const [command, ...args] = text.slice(1).split(/\s+/);
    if (['quit', 'q', 'exit'].includes(command)) return false;
    if (command === 'link') await link(args);
    else if (command === 'unlink') await engine.unlink().then(() => note('unlinked: tokens forgotten'));
    else if (command === 'new') await engine.endSession().then(() => note('new session: the next line starts it'));
    else if (command === 'locale') await engine.setLocale(args[0] ?? '').then(() => note(`locale ${engine.locale}`));
    else if (command === 'status') {
      const { linked, username, refreshCount } = engine.link.status();
      note(linked ? `linked as ${username}; ${refreshCount} refreshes` : 'not linked');
      note(
        `session ${engine.openSession?.sessionId ?? 'none open'}; ${engine.locale}; ${engine.options.skillEndpoint}`,
      );
    } else note(TALK_HELP);
    return true;
  }

  if (interactive) {
    note(`Talking to ${engine.options.skillEndpoint} as Alexa (${engine.locale}). :help for commands.`);
    rl.setPrompt('you> ');
    rl.prompt();
  }
  let failures = 0;
  for await (const line of rl) {
    const goOn = await handle(line).catch((error) => {
      failures += 1;
      note(`! ${error instanceof Error ? error.message : String(error)}`);
      return true;
    });
    if (!goOn) break;
    if (interactive) rl.prompt();
  }
  rl.close();
  // Leaving with a session open: Alexa tells the skill the user went away.
  if (engine.openSession) await engine.endSession().catch(() => undefined);
  return failures > 0 && !interactive ? 1 : 0;
}

/** The one JSON line per turn that scripts read. */
function jsonLine(result: TurnResult): string {
  const { utterance = null, requestType, intent = null, speech, reprompt, card = null } = result;
  const { shouldEndSession, sessionAttributes, refreshed, linked, error } = result;
  const line = { utterance, requestType, intent, speech, reprompt: reprompt || null, card, shouldEndSession };
  return JSON.stringify({ ...line, sessionAttributes, refreshed, linked, ...(error && { error }) });
}

function humanLines(result: TurnResult): string {
  const slots = Object.entries(result.slots ?? {}).map(([name, { value, resolution }]) => {
    const resolved = resolution === undefined ? '' : ` -> ${resolution?.id ?? 'no match'}`;
    return `${name}="${value}"${resolved}`;
  });
  const tags = [result.intent ?? result.requestType, ...slots, ...(result.refreshed ? ['token refreshed'] : [])];
  const { card } = result;
  return [
    `  [${tags.join(' · ')}]`,
    result.error && `  ! ${result.error}`,
    result.note && `  (${result.note})`,
    result.speech && `alexa> ${result.speech}`,
    result.reprompt && `  reprompt: ${result.reprompt}`,
    card &&
      (card.type === 'LinkAccount' ? '  card: LinkAccount (:link)' : `  card (${card.type}): ${card.title ?? ''}`),
    card?.content && `    ${card.content.replace(/\n/g, '\n    ')}`,
    result.shouldEndSession && result.requestType !== 'SessionEndedRequest' && '  (session ended)',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Asks on the terminal; a secret answer is not echoed. */
function ask(rl: Interface, question: string, secret = false): Promise<string> {
  // readline has no public switch for echo: its output hook is replaced while the question is open.
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  const original = output._writeToOutput.bind(rl);
  if (secret) output._writeToOutput = (text) => original(text.startsWith(question) ? text : '');
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      output._writeToOutput = original;
      if (secret) process.stdout.write('\n');
      resolve(answer);
    }),
  );
}
