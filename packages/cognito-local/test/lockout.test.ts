import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { RunningIdentityService } from '../src';
import { BOB, cognitoClient, openSignInPage, secretHash, signIn, startService, submitSignIn } from './clients';

/**
 * Cognito's lockout: after 5 failed password sign-ins a user is locked out for 2^(n-5) seconds (n failures,
 * not counting the attempts refused during a lockout), up to about 15 minutes; while locked out even the
 * right password is NotAuthorizedException "Password attempts exceeded"; a success after the lockout, or
 * 15 quiet minutes, starts over. The service's clock is injected: these tests move it instead of waiting.
 */
let now = Date.parse('2030-01-01T00:00:00Z');
const wait = (seconds: number) => (now += seconds * 1000);
let service: RunningIdentityService;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  service = await startService({ now: () => now });
  sdk = cognitoClient(service);
});
afterAll(async () => {
  sdk.destroy();
  await service.close();
});

/** What InitiateAuth USER_PASSWORD_AUTH answers: 'ok' or the error's message. */
const attempt = (username: string, password: string) =>
  sdk
    .send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: service.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash(service, username) },
      }),
    )
    .then(
      () => 'ok',
      (error: Error) => `${error.name}: ${error.message}`,
    );
const WRONG = 'NotAuthorizedException: Incorrect username or password.';
const LOCKED = 'NotAuthorizedException: Password attempts exceeded';

describe('repeated wrong passwords lock the user out', () => {
  test('340 wrong passwords in a row: the sixth and later are refused as a lockout, and so is the right one', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 340; i++) answers.push(await attempt('alice', 'wrong-password'));
    expect(answers.slice(0, 5)).toEqual(Array(5).fill(WRONG));
    expect(new Set(answers.slice(5))).toEqual(new Set([LOCKED]));
    expect(await attempt('alice', 'Alice-Demo-1!')).toBe(LOCKED);
    // Five failures: one second. Once it is over, the right password works and the count starts over.
    wait(1);
    expect(await attempt('alice', 'Alice-Demo-1!')).toBe('ok');
    expect(await attempt('alice', 'wrong-password')).toBe(WRONG);
  });

  test('each further failure doubles the lockout: 1 s, 2 s, 4 s ... up to 15 minutes', async () => {
    for (let i = 0; i < 5; i++) await attempt('bob', 'wrong-password');
    for (const seconds of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) {
      wait(seconds - 0.5);
      expect(await attempt('bob', BOB.password)).toBe(LOCKED);
      wait(0.5);
      expect(await attempt('bob', 'wrong-password')).toBe(WRONG); // the next failure: twice as long
    }
    // The 15th failure would lock for 2^10 s; the cap is 15 minutes.
    wait(15 * 60 - 1);
    expect(await attempt('bob', BOB.password)).toBe(LOCKED);
    wait(1);
    expect(await attempt('bob', BOB.password)).toBe('ok');
  });

  test('15 quiet minutes after a lockout start over: the next failure locks nobody', async () => {
    for (let i = 0; i < 6; i++) await attempt('alice', 'wrong-password');
    wait(15 * 60);
    expect(await attempt('alice', 'wrong-password')).toBe(WRONG);
    expect(await attempt('alice', 'Alice-Demo-1!')).toBe('ok');
  });

  test('an unknown user reads the same as a known one (no user-existence leak through the lockout)', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) answers.push(await attempt('mallory', 'whatever'));
    expect(answers).toEqual([...Array(5).fill(WRONG), LOCKED, LOCKED]);
  });

  test('the Hosted UI counts too, and shows "Password attempts exceeded" to a locked-out user', async () => {
    wait(3600);
    const page = await openSignInPage(service);
    for (let i = 0; i < 5; i++) {
      const failed = await submitSignIn(service, page, { username: 'bob', password: 'wrong-password' });
      expect(failed.html).toContain('Incorrect username or password.');
    }
    const locked = await submitSignIn(service, page, BOB);
    expect([locked.status, locked.location]).toEqual([400, null]);
    expect(locked.html).toContain('Password attempts exceeded');
    await expect(signIn(sdk, service, BOB)).rejects.toMatchObject({ message: 'Password attempts exceeded' });
    wait(1);
    expect((await submitSignIn(service, page, BOB)).status).toBe(302);
  });
});
