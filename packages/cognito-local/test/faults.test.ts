import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { RunningIdentityService } from '../src';
import { ALICE, cognitoClient, errorNameOf, signIn, startService } from './clients';

let service: RunningIdentityService;
let client: CognitoIdentityProviderClient;
let accessToken: string;

beforeAll(async () => {
  service = await startService();
  client = cognitoClient(service);
  ({ accessToken } = await signIn(client, service, ALICE));
});
afterEach(() => service.clearFaults());
afterAll(async () => {
  client.destroy();
  await service.close();
});

const getUser = () => client.send(new GetUserCommand({ AccessToken: accessToken }));

async function timedGetUserMs(): Promise<number> {
  const started = performance.now();
  await getUser();
  return performance.now() - started;
}

async function medianGetUserMs(calls: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) times.push(await timedGetUserMs());
  return times.sort((a, b) => a - b)[Math.floor(calls / 2)];
}

async function outcomes(calls: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < calls; i++) {
    const name = await getUser().then(
      () => 'ok',
      (error: Error) => error.name,
    );
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${service.url}/_local/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('fault injection for GetUser', () => {
  test('added latency is measurable, fixed or as a random range, and gone once cleared', async () => {
    // Lower bounds hold on any machine: a timer never fires early and load only adds time. Whether the
    // latency is gone is judged against a baseline measured here, so a busy machine cannot fail it.
    const baseline = await medianGetUserMs(5);
    service.setFaults({ getUserLatencyMs: 300 });
    expect(await timedGetUserMs()).toBeGreaterThanOrEqual(290);
    service.setFaults({ getUserLatencyMs: [100, 150] });
    expect(await timedGetUserMs()).toBeGreaterThanOrEqual(95);
    service.clearFaults();
    // Closer to the baseline than to baseline + the 300 ms that was injected.
    expect((await medianGetUserMs(5)) - baseline).toBeLessThan(150);
  });

  test('errorRate answers that share with HTTP 500 InternalErrorException', async () => {
    service.setFaults({ errorRate: 1 });
    expect(await errorNameOf(getUser())).toBe('InternalErrorException');
    service.setFaults({ errorRate: 0.5 });
    const counts = await outcomes(40);
    // 40 draws at 50 %: both outcomes appear unless chance is ~1e-12.
    expect(counts.InternalErrorException).toBeGreaterThan(5);
    expect(counts.ok).toBeGreaterThan(5);
  });

  test('throttleRate answers TooManyRequestsException, the name the SDK reports for Cognito throttling', async () => {
    service.setFaults({ throttleRate: 1 });
    const response = await fetch(service.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify({ AccessToken: accessToken }),
    });
    expect(response.status).toBe(400);
    expect(await errorNameOf(getUser())).toBe('TooManyRequestsException');
    service.setFaults({ throttleRate: 0.5 });
    const counts = await outcomes(40);
    expect(counts.TooManyRequestsException).toBeGreaterThan(5);
    expect(counts.ok).toBeGreaterThan(5);
  });

  test('dropRate destroys the connection without an answer', async () => {
    service.setFaults({ dropRate: 1 });
    const name = await errorNameOf(getUser());
    expect(name).not.toMatch(/Exception$/); // a network error, not a Cognito answer
    await expect(
      fetch(service.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
        body: '{}',
      }),
    ).rejects.toThrow();
  });

  test('faults touch only GetUser: sign-in keeps working while GetUser fails', async () => {
    service.setFaults({ errorRate: 1 });
    expect((await signIn(client, service, ALICE)).accessToken).toBeDefined();
  });

  test('faults given at start apply from the first call', async () => {
    const faulty = await startService({ faults: { throttleRate: 1 } });
    const faultyClient = cognitoClient(faulty);
    try {
      const tokens = await signIn(faultyClient, faulty, ALICE);
      expect(await errorNameOf(faultyClient.send(new GetUserCommand({ AccessToken: tokens.accessToken })))).toBe(
        'TooManyRequestsException',
      );
    } finally {
      faultyClient.destroy();
      await faulty.close();
    }
  });
});

describe('the local admin endpoints', () => {
  test('health, GetUser counting and reset', async () => {
    expect(await (await admin('GET', 'health')).json()).toEqual({ ok: true });
    await admin('POST', 'stats/reset');
    await getUser();
    await getUser();
    expect((await (await admin('GET', 'stats')).json()).getUserCalls).toBe(2);
    expect(service.stats().getUserCalls).toBe(2);
    service.resetStats();
    expect(service.stats().getUserCalls).toBe(0);
  });

  test('PUT /_local/faults sets faults at run time and DELETE clears them', async () => {
    expect((await admin('PUT', 'faults', { throttleRate: 1 })).status).toBe(200);
    expect(await errorNameOf(getUser())).toBe('TooManyRequestsException');
    expect((await admin('DELETE', 'faults')).status).toBe(200);
    expect((await getUser()).Username).toBe('alice');
  });

  test('invalid fault settings are refused with a reason', async () => {
    for (const body of [
      { errorRate: 2 },
      { getUserLatencyMs: [50, 10] },
      { surprise: true },
      { errorRate: 0.6, dropRate: 0.6 },
    ]) {
      const response = await admin('PUT', 'faults', body);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toEqual(expect.any(String));
    }
  });
});
