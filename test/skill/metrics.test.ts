/**
 * What the Lambda function tells CloudWatch, per invocation: Powertools' real Metrics class writes
 * one embedded-metric-format document to stdout, checked against the EMF specification
 * (test/support/emf.ts), for a linked, an unlinked and a forged-token launch, and for an event
 * refused before the skill saw it. Each request counts once, in exactly one link state; the names
 * and units are src/metrics.ts's; no dimension names a user. Alongside, one log line per request,
 * with nothing personal in it. Real identity service, real tokens.
 */
import { CognitoIdentityProviderClient, GlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import type { Faults } from '@profile-keeper/cognito-local';
import { COLD_START_METRIC, LINK_STATE_METRIC, METRIC_NAMES, METRIC_UNITS } from '../../src/metrics';
import { launchRequest } from '../support/alexaEnvelopes';
import { dimensionsOf, emfErrors, metricsOf } from '../support/emf';
import { ALICE, RunningIdentity, signIn, startTestIdentity } from '../support/identity';
import { LambdaHandler, loadLambdaHandler } from '../reliability/support/lambda';

const NAMESPACE = 'ProfileKeeperMetricsTest';
let identity: RunningIdentity;
let handler: LambdaHandler;

beforeAll(async () => {
  identity = await startTestIdentity();
  handler = await loadLambdaHandler({
    COGNITO_USER_POOL_ID: identity.userPoolId,
    COGNITO_APP_CLIENT_ID: identity.clientId,
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_JWKS_URI: identity.jwksUri,
    LOG_LEVEL: 'info',
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_METRICS_NAMESPACE: NAMESPACE,
    POWERTOOLS_SERVICE_NAME: 'profile-keeper-skill',
  });
});
afterEach(() => identity.clearFaults());
afterAll(() => identity?.close());

type Json = Record<string, unknown>;

/** One invocation, with every line it wrote to stdout: EMF documents and log lines. */
async function invoke(event: unknown): Promise<{ result: unknown; documents: Json[]; logLines: Json[]; text: string }> {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  let result: unknown;
  try {
    result = await handler(event, { awsRequestId: 'lambda-request-1' } as never).catch((error: Error) => error);
  } finally {
    process.stdout.write = original;
  }
  const lines = written
    .join('')
    .split('\n')
    // JSON lines only: jest prints a console message there too.
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Json);
  return {
    result,
    documents: lines.filter((line) => '_aws' in line),
    logLines: lines.filter((line) => !('_aws' in line)),
    text: written.join(''),
  };
}

/** Every metric name the function wrote in this file's invocations. */
const emitted = new Set<string>();

/** The request's document (not the cold-start one), checked against the specification and src/metrics.ts. */
function requestDocument(documents: Json[]): Json {
  for (const document of documents) for (const name of Object.keys(metricsOf(document))) emitted.add(name);
  for (const document of documents) expect(emfErrors(document)).toEqual([]);
  const requests = documents.filter((document) => !(COLD_START_METRIC in document));
  expect(requests).toHaveLength(1);
  const [document] = requests;
  for (const [name, unit] of Object.entries(metricsOf(document))) {
    expect({ name, unit }).toEqual({ name, unit: METRIC_UNITS[name as keyof typeof METRIC_UNITS] });
  }
  expect(document._aws).toMatchObject({ CloudWatchMetrics: [{ Namespace: NAMESPACE }] });
  expect(dimensionsOf(document)).toEqual(['service', 'stage']);
  expect(document).toMatchObject({ service: 'profile-keeper-skill', stage: 'prod' });
  return document;
}

const linkStates = (document: Json) => Object.values(LINK_STATE_METRIC).filter((name) => name in document);

test('a linked launch (the container’s first): Linked, one GetUser with its latency, a cache miss; and the cold start once', async () => {
  const { accessToken } = await signIn(identity, ALICE);
  const { documents, logLines, text } = await invoke(launchRequest({ accessToken }));
  const coldStart = documents.filter((document) => COLD_START_METRIC in document);
  expect(coldStart).toHaveLength(1);
  expect(emfErrors(coldStart[0])).toEqual([]);
  const document = requestDocument(documents);
  expect(linkStates(document)).toEqual(['Linked']);
  expect(document).toMatchObject({ Requests: 1, Linked: 1, GetUserCalls: 1, UserCacheMisses: 1 });
  expect(document.GetUserLatency).toEqual(expect.any(Number));
  expect(document.AnswerLatency).toEqual(expect.any(Number));
  expect(document).not.toHaveProperty('GetUserErrors');
  // One log line for the request: its id, what was asked, the link state; nothing of Alice.
  expect(logLines.filter((line) => line.msg === 'request answered')).toEqual([
    expect.objectContaining({ request: 'LAUNCH', linkState: 'linked', requestId: expect.stringMatching(/^amzn1\./) }),
  ]);
  expect(text).not.toContain(ALICE.email);
  expect(text).not.toContain(ALICE.name);
  expect(text).not.toContain(accessToken);

  // The same token in a new session of the warm container: from the cache, no cold start again.
  const again = await invoke(launchRequest({ accessToken }));
  expect(again.documents.filter((d) => COLD_START_METRIC in d)).toEqual([]);
  expect(requestDocument(again.documents)).toMatchObject({ Requests: 1, Linked: 1, UserCacheHits: 1 });
});

test('an unlinked launch: NotLinked, no Cognito and no cache involved', async () => {
  const document = requestDocument((await invoke(launchRequest())).documents);
  expect(linkStates(document)).toEqual(['NotLinked']);
  expect(document).toMatchObject({ Requests: 1, NotLinked: 1 });
  for (const name of ['GetUserCalls', 'UserCacheHits', 'UserCacheMisses']) expect(document).not.toHaveProperty(name);
});

test('a forged token: NotLinked after a cache miss, and GetUser is never called', async () => {
  const forged = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmdlZCJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl';
  const { documents, text } = await invoke(launchRequest({ accessToken: forged }));
  const document = requestDocument(documents);
  expect(linkStates(document)).toEqual(['NotLinked']);
  expect(document).toMatchObject({ Requests: 1, NotLinked: 1, UserCacheMisses: 1 });
  expect(document).not.toHaveProperty('GetUserCalls');
  expect(text).not.toContain(forged);
});

test('an event for another skill is refused, and its metrics are written all the same', async () => {
  const { result, documents } = await invoke(launchRequest({ skillId: 'amzn1.ask.skill.someone-else' }));
  expect(result).toMatchObject({ name: 'AlexaRequestRejectedError' });
  const document = requestDocument(documents);
  expect(document).toMatchObject({ RejectedRequests: 1 });
  expect(document.AnswerLatency).toEqual(expect.any(Number));
  expect(linkStates(document)).toEqual([]);
});

test('a token its user signed out everywhere: RelinkNeeded, after Cognito refused it', async () => {
  const { accessToken } = await signIn(identity, ALICE);
  const cognito = new CognitoIdentityProviderClient({ region: identity.region, endpoint: identity.url });
  await cognito.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
  cognito.destroy();
  const document = requestDocument((await invoke(launchRequest({ accessToken }))).documents);
  expect(linkStates(document)).toEqual(['RelinkNeeded']);
  expect(document).toMatchObject({ Requests: 1, RelinkNeeded: 1, GetUserCalls: 1 });
  expect(document).not.toHaveProperty('GetUserErrors');
});

const FAULTS: [name: string, faults: Faults, expected: (document: Json) => void][] = [
  [
    'throttled (TooManyRequestsException)',
    { throttleRate: 1 },
    (document) => {
      // Every throttled attempt counts (the SDK tries up to 3 times, within the time budget); an EMF
      // value array is summed by CloudWatch.
      const throttles = ([] as number[]).concat(document.GetUserThrottles as number | number[]);
      expect(throttles.reduce((sum, value) => sum + value, 0)).toBeGreaterThanOrEqual(1);
      expect(throttles.length).toBeLessThanOrEqual(3);
      // Throttling is not an error of its own; the budget running out during the retries is.
      expect(document.GetUserErrors).toBe(document.TimeBudgetExceeded);
    },
  ],
  [
    'failing (HTTP 500)',
    { errorRate: 1 },
    (document) => {
      expect(document).toMatchObject({ GetUserErrors: 1 });
      expect(document).not.toHaveProperty('GetUserThrottles');
    },
  ],
  [
    // The default budget, 2.5 s, for GetUser with the SDK's retries.
    'slower than the time budget',
    { getUserLatencyMs: 3000 },
    (document) => {
      expect(document).toMatchObject({ GetUserErrors: 1, TimeBudgetExceeded: 1 });
      expect(document).not.toHaveProperty('GetUserThrottles');
    },
  ],
];

test.each(FAULTS)('GetUser %s: CognitoUnavailable, and what went wrong', async (_name, faults, expected) => {
  identity.setFaults(faults);
  const { accessToken } = await signIn(identity, ALICE);
  const document = requestDocument((await invoke(launchRequest({ accessToken }))).documents);
  expect(linkStates(document)).toEqual(['CognitoUnavailable']);
  expect(document).toMatchObject({ Requests: 1, GetUserCalls: 1 });
  expected(document);
});

// The deploy's alarms and dashboard watch names from src/metrics.ts (test/deploy/stack.test.ts): each
// of them is one the function really writes, so a metric renamed or no longer recorded cannot leave
// an alarm watching nothing.
test('every metric src/metrics.ts names, and the cold start, was written by one of the invocations above', () => {
  expect([...emitted].sort()).toEqual([...METRIC_NAMES, COLD_START_METRIC].sort());
});
