import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, jest, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RunningIdentityService } from '../src';
import { ALICE, cognitoClient, hostedUiSignIn, newDataDir, openSignInPage, signIn, startService } from './clients';

// The command bundles its sources first when they changed: a cold start takes seconds.
jest.setTimeout(30_000);

/**
 * A pool whose UsernameAttributes is [email], as Cognito makes it: people sign in with their email, and
 * the username is a generated UUID (the sub). The seed's demo users exist here too, signing in by email,
 * with the name they are known by as preferred_username.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let dataDir: string;
let service: RunningIdentityService;
let sdk: CognitoIdentityProviderClient;
const pool = () => ({ UserPoolId: service.userPoolId });

beforeAll(async () => {
  dataDir = newDataDir();
  service = await startService({ dataDir, usernameAttributes: ['email'] });
  sdk = cognitoClient(service);
});
afterAll(async () => {
  sdk.destroy();
  await service.close();
});

describe('a pool with UsernameAttributes [email]', () => {
  test('has the same pool id and app client, and says so in DescribeUserPool', async () => {
    expect([service.userPoolId, service.clientId]).toEqual(['us-east-1_LocalPool', 'localskillclient0000000001']);
    expect((await sdk.send(new DescribeUserPoolCommand(pool()))).UserPool?.UsernameAttributes).toEqual(['email']);
  });

  test('the demo users sign in by email; their username is their sub, their known name preferred_username', async () => {
    const { accessToken } = await signIn(sdk, service, { username: ALICE.email, password: ALICE.password });
    const user = await sdk.send(new GetUserCommand({ AccessToken: accessToken }));
    const attributes = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(user.Username).toMatch(UUID);
    expect(attributes).toMatchObject({
      sub: user.Username,
      email: ALICE.email,
      preferred_username: 'alice',
      name: ALICE.name,
    });
    await expect(signIn(sdk, service, ALICE)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('AdminCreateUser with an email makes a UUID username with that email; AdminGetUser answers by either', async () => {
    const { User } = await sdk.send(
      new AdminCreateUserCommand({
        ...pool(),
        Username: 'Carol@Example.com',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'preferred_username', Value: 'carol' }],
      }),
    );
    expect(User?.Username).toMatch(UUID);
    expect(User?.Attributes).toEqual(
      expect.arrayContaining([
        { Name: 'sub', Value: User?.Username },
        { Name: 'email', Value: 'Carol@Example.com' },
        { Name: 'preferred_username', Value: 'carol' },
      ]),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        ...pool(),
        Username: 'carol@example.com',
        Password: 'Carol-Demo-1!',
        Permanent: true,
      }),
    );
    expect((await sdk.send(new AdminGetUserCommand({ ...pool(), Username: User?.Username }))).Username).toBe(
      User?.Username,
    );
    expect((await sdk.send(new AdminGetUserCommand({ ...pool(), Username: 'carol@example.com' }))).Username).toBe(
      User?.Username,
    );
    const back = await hostedUiSignIn(service, { username: 'carol@example.com', password: 'Carol-Demo-1!' });
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  test("Cognito's errors: a username that is not an email, an email already taken", async () => {
    await expect(sdk.send(new AdminCreateUserCommand({ ...pool(), Username: 'dave' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Username should be an email.',
    });
    await expect(sdk.send(new AdminCreateUserCommand({ ...pool(), Username: ALICE.email }))).rejects.toMatchObject({
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
  });

  test('the Hosted UI asks for the email', async () => {
    expect((await openSignInPage(service)).html).toContain('<label for="username">Email</label>');
  });

  test('a data folder keeps the username attributes it was made with (Cognito cannot change them)', async () => {
    await expect(startService({ dataDir })).rejects.toMatchObject({
      name: 'DataFolderError',
      message: expect.stringContaining('UsernameAttributes [email]'),
    });
  });

  test('npm run identity -- --username-attributes email starts such a pool', async () => {
    const folder = newDataDir();
    const child = execFile('node', [
      join(__dirname, '../bin/cognito-local.js'),
      '--port',
      '0',
      '--data-dir',
      folder,
      '--username-attributes',
      'email',
    ]);
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += chunk;
        if (out.includes('Hosted UI')) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    child.kill();
    expect(banner).toContain('users sign in by email');
    await expect(
      promisify(execFile)('node', [
        join(__dirname, '../bin/cognito-local.js'),
        '--username-attributes',
        'phone_number',
      ]),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('--username-attributes takes only "email"'),
    });
  });
});
