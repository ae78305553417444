import { startTestSkill } from '../support/skill';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLogger } from '../../src/logger';
import { RunningSkillServer } from '../../src/server.express';
import { ALICE, RunningIdentity, skillConfigFor, startTestIdentity } from '../support/identity';

/**
 * `npm run talk -- --json` as a script uses it: one line in on stdin, one JSON line out per turn.
 * Same story as the page: link, welcome, email, token refresh, unlink.
 */
// Long enough that a loaded machine gets from linking to the welcome before the refresh window (1 s before expiry).
const TOKEN_TTL_SECONDS = 5;

interface TurnLine {
  utterance: string | null;
  intent: string | null;
  speech: string;
  reprompt: string | null;
  card: { type: string; title?: string; content?: string } | null;
  shouldEndSession: boolean;
  sessionAttributes: Record<string, unknown>;
  refreshed: boolean;
}

let identity: RunningIdentity;
let skill: RunningSkillServer;
let talk: ChildProcessWithoutNullStreams;
const stdoutLines: string[] = [];
const stderrLines: string[] = [];
const waiters: (() => void)[] = [];

function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${what}; stderr: ${stderrLines.join(' | ')}`)),
      timeoutMs,
    );
    const check = () => {
      if (talk.exitCode !== null) {
        clearTimeout(timer);
        return reject(
          new Error(`npm run talk exited (${talk.exitCode}) before ${what}; stderr: ${stderrLines.join(' | ')}`),
        );
      }
      const found = find();
      if (found === undefined) return waiters.push(check);
      clearTimeout(timer);
      resolve(found);
    };
    check();
  });
}

/** Writes one line and waits for the JSON line it produces. */
async function turn(text: string): Promise<TurnLine> {
  const index = stdoutLines.length;
  talk.stdin.write(`${text}\n`);
  const line = await waitFor(() => stdoutLines[index], `an answer to "${text}"`);
  return JSON.parse(line) as TurnLine;
}

async function command(text: string, expectOnStderr: string): Promise<void> {
  const from = stderrLines.length;
  talk.stdin.write(`${text}\n`);
  await waitFor(() => stderrLines.slice(from).find((line) => line.includes(expectOnStderr)), `"${expectOnStderr}"`);
}

beforeAll(async () => {
  identity = await startTestIdentity({ accessTokenTtlSeconds: TOKEN_TTL_SECONDS });
  const logger = createLogger({ level: 'silent' });
  skill = await startTestSkill(skillConfigFor(identity), { logger });
  talk = spawn(
    'npm',
    [
      'run',
      '--silent',
      'talk',
      '--',
      '--json',
      '--endpoint',
      skill.webhookUrl,
      '--identity-url',
      identity.url,
      '--username',
      ALICE.username,
      '--password',
      ALICE.password,
      '--refresh-skew-seconds',
      '1',
    ],
    // No secret handed over: like a developer's `npm run talk`, it reads the app client's secret from
    // the identity service (DescribeUserPoolClient).
    { cwd: join(__dirname, '..', '..'), env: { ...process.env, COGNITO_CLIENT_SECRET: '' } },
  );
  const notify = () => waiters.splice(0).forEach((waiter) => waiter());
  createInterface({ input: talk.stdout }).on('line', (line) => (stdoutLines.push(line), notify()));
  createInterface({ input: talk.stderr }).on('line', (line) => (stderrLines.push(line), notify()));
  talk.once('exit', notify);
}, 30_000);

afterAll(async () => {
  talk?.stdin.end();
  if (talk && talk.exitCode === null) await new Promise((resolve) => talk.once('exit', resolve));
  await skill?.close();
  await identity?.close();
});

describe('npm run talk -- --json, driven through stdin', () => {
  it('links Alice, welcomes her, refreshes her token unnoticed, and sends the LinkAccount card after unlinking', async () => {
    const unlinked = await turn('open profile keeper');
    expect(unlinked.card?.type).toBe('LinkAccount');

    await command(':link', 'linked as alice');

    const welcome = await turn('open profile keeper');
    expect(welcome).toMatchObject({ utterance: 'open profile keeper', shouldEndSession: false, refreshed: false });
    expect(welcome.speech).toContain('Welcome back, Alice');

    const email = await turn('what is my email address');
    expect(email.intent).toBe('RequestInfoIntent');
    expect(email.speech).toContain(ALICE.email);
    expect(email.card?.content).toContain(ALICE.email);
    expect(email.sessionAttributes).toMatchObject({ data: { auth: 'linked' } });

    await new Promise((resolve) => setTimeout(resolve, TOKEN_TTL_SECONDS * 1000));
    const afterExpiry = await turn('what is my email address');
    expect(afterExpiry.refreshed).toBe(true);
    expect(afterExpiry.speech).toContain(ALICE.email);

    await command(':unlink', 'unlinked');
    const relink = await turn('what is my email address');
    expect(relink.card?.type).toBe('LinkAccount');
    expect(relink.refreshed).toBe(false);

    // Every stdout line is one JSON object: the contract scripts rely on.
    expect(stdoutLines).toHaveLength(5);
    for (const line of stdoutLines) expect(() => JSON.parse(line)).not.toThrow();
  }, 45_000);
});
