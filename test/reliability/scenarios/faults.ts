/**
 * The fault scenarios, shared by the jest slice (test/reliability/faults.test.ts, 20 turns per kind)
 * and the full run (`npm run test:faults`, 1,000 per kind): free of jest so the full run can count
 * crashes with process.on('unhandledRejection') in a process of its own.
 */
import { Faults } from '@profile-keeper/cognito-local';
import { intentRequest, launchRequest } from '../../support/alexaEnvelopes';
import { ALICE, BOB, signIn } from '../../support/identity';
import { Figures, newFigures, record } from '../support/figures';
import { closedPort, postRaw, spoken } from '../support/http';
import { LogCapture, Secrets } from '../support/logCapture';
import { inParallel, Stack, startStack } from '../support/stack';
import { rendered } from '../../support/expectedText';

export const APOLOGY = rendered('en-US', 'unavailable.message');
const startsWithOneOf = (texts: string[]) =>
  new RegExp(`^(${texts.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);

export interface FaultKind {
  name: string;
  /** Injected at the identity service for this kind. */
  faults?: Faults;
  /** Point the skill at a closed port instead of the identity service. */
  refusedConnections?: boolean;
  /** Send broken JSON instead of Alexa envelopes. */
  malformedBodies?: boolean;
  /** What must hold of the figures; returns the broken promises (empty when all hold). */
  check(figures: Figures, turns: number): string[];
}

function answeredAllInTime(figures: Figures, turns: number): string[] {
  const problems: string[] = [];
  if (figures.serverErrors > 0) problems.push(`${figures.serverErrors} turns got a 5xx or no answer`);
  if (figures.answeredInTime !== turns)
    problems.push(`${turns - figures.answeredInTime} turns not answered within 3 s`);
  return problems;
}

function heardOnly(figures: Figures, allowed: RegExp): string[] {
  return [...figures.heard.keys()]
    .filter((heard) => !allowed.test(heard))
    .map((heard) => `unexpected answer: ${heard}`);
}

function apologyWithGetUser(figures: Figures, turns: number): string[] {
  return [
    ...answeredAllInTime(figures, turns),
    ...heardOnly(figures, new RegExp(`${startsWithOneOf([APOLOGY]).source}$`)),
    // The fault sat in GetUser, so the turns must have asked Cognito (SDK retries may add calls). Not
    // every one: a keep-alive socket the service just dropped can fail before the request reaches it,
    // and the SDK's retry quota runs dry under a flood of failures.
    ...((figures.getUserCalls ?? 0) < Math.ceil(turns * 0.9)
      ? [`only ${figures.getUserCalls} GetUser calls for ${turns} turns`]
      : []),
  ];
}

export const FAULT_KINDS: FaultKind[] = [
  { name: 'GetUser answers after 10 s', faults: { getUserLatencyMs: 10_000 }, check: apologyWithGetUser },
  { name: 'GetUser fails with HTTP 500', faults: { errorRate: 1 }, check: apologyWithGetUser },
  { name: 'GetUser is throttled (TooManyRequests)', faults: { throttleRate: 1 }, check: apologyWithGetUser },
  { name: 'GetUser connections are dropped', faults: { dropRate: 1 }, check: apologyWithGetUser },
  {
    name: 'Cognito port closed (connection refused)',
    refusedConnections: true,
    check: (figures, turns) => [
      ...answeredAllInTime(figures, turns),
      ...heardOnly(figures, startsWithOneOf([APOLOGY])),
    ],
  },
  {
    name: 'Flaky mix (20 % 500, 20 % throttle, 10 % drop, 0-4 s latency)',
    faults: { errorRate: 0.2, throttleRate: 0.2, dropRate: 0.1, getUserLatencyMs: [0, 4000] },
    check: (figures, turns) => [
      ...answeredAllInTime(figures, turns),
      ...heardOnly(
        figures,
        startsWithOneOf([
          ...[ALICE, BOB].map((user) => rendered('en-US', 'welcome.linked', { name: user.name })),
          // The figures keep what users heard with their email redacted.
          rendered('en-US', 'infoType.emailAddress.value', { value: '[redacted-email]' }),
          APOLOGY,
        ]),
      ),
    ],
  },
  {
    name: 'Malformed JSON bodies',
    malformedBodies: true,
    check: (figures, turns) => [
      ...answeredAllInTime(figures, turns),
      ...heardOnly(figures, /^\(HTTP 400 \{"error":"bad request"\}\)$/),
      ...(figures.getUserCalls ? [`${figures.getUserCalls} GetUser calls for broken bodies`] : []),
    ],
  },
];

export interface FaultBench {
  stack: Stack;
  tokens: { accessToken: string; refreshToken?: string; idToken?: string }[];
  /** Everything that must never be logged during these runs. */
  secrets(): Secrets;
  run(kind: FaultKind, turns: number, concurrency?: number): Promise<Figures>;
  close(): Promise<void>;
}

export async function startFaultBench(logs: LogCapture): Promise<FaultBench> {
  // 50 turns in flight at most: the SDK keeps 50 sockets per host, and a turn queued behind them
  // would spend its whole budget waiting without ever reaching Cognito.
  // A one-entry user cache and ten tokens: a turn is served from the cache only by luck, and a
  // failed GetUser is never cached, so faulty turns reach the identity service every time.
  // A 2 s budget (default 2.5 s): the identity service shares this process and its CPU, which Cognito
  // would not; the 3 s promise is about what the user hears, so the budget leaves room for the rest.
  const stack = await startStack(logs, { USER_CACHE_MAX_ENTRIES: '1', COGNITO_TIME_BUDGET_MS: '2000' });
  const tokens: FaultBench['tokens'] = [];
  for (let i = 0; i < 5; i += 1) tokens.push(await signIn(stack.identity, ALICE), await signIn(stack.identity, BOB));
  const refused = await stack.startSkill({ COGNITO_API_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });

  /** One turn of a fresh session (no session attributes): Launch, or "what is my email address". */
  const alexaTurn = (index: number) => {
    const accessToken = tokens[index % tokens.length].accessToken;
    return JSON.stringify(
      index % 2 === 0
        ? launchRequest({ accessToken })
        : intentRequest('RequestInfoIntent', { accessToken }, { value: 'email', id: 'emailAddress' }),
    );
  };
  const brokenTurn = (index: number) => {
    const valid = alexaTurn(index);
    const variants = [
      valid.slice(0, valid.length / 2),
      valid.replace(/"/g, "'"),
      '{"version":',
      'null',
      `${valid}}`,
      '\u0000\uffff',
    ];
    return variants[index % variants.length];
  };

  const run = async (kind: FaultKind, turns: number, concurrency = Math.min(turns, 50)) => {
    const figures = newFigures(kind.name);
    stack.identity.clearFaults();
    if (kind.faults) stack.identity.setFaults(kind.faults);
    const webhookUrl = kind.refusedConnections ? refused.webhookUrl : stack.skill.webhookUrl;
    const body = kind.malformedBodies ? brokenTurn : alexaTurn;
    const before = stack.identity.stats().getUserCalls;
    try {
      await inParallel(
        Array.from({ length: turns }, (_, i) => i),
        concurrency,
        async (index) => {
          const started = performance.now();
          try {
            const reply = await postRaw(webhookUrl, body(index));
            const ended =
              (reply.body as { response?: { shouldEndSession?: boolean } })?.response?.shouldEndSession !== false;
            const heard = spoken(reply.body) || `(HTTP ${reply.status} ${JSON.stringify(reply.body)})`;
            record(figures, {
              status: reply.status,
              ms: reply.ms,
              heard: reply.status === 200 && ended ? `${heard} [session ended]` : heard,
            });
          } catch {
            record(figures, { status: 0, ms: performance.now() - started, heard: '(no answer: connection failed)' });
          }
        },
      );
    } finally {
      stack.identity.clearFaults();
    }
    figures.getUserCalls = stack.identity.stats().getUserCalls - before;
    return figures;
  };

  return {
    stack,
    tokens,
    secrets: () => ({
      tokens: tokens.flatMap((t) => [t.accessToken, t.refreshToken ?? '', t.idToken ?? '']),
      emails: [ALICE.email, BOB.email],
      passwords: [ALICE.password, BOB.password],
    }),
    run,
    close: () => stack.close(),
  };
}
