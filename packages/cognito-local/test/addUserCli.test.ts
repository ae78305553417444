import { afterAll, beforeAll, jest, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RunningIdentityService } from '../src';
import { cognitoClient, signIn, startService } from './clients';

// The command bundles its sources first when they changed: a cold start takes seconds.
jest.setTimeout(30_000);

let service: RunningIdentityService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

const addUser = (...args: string[]) =>
  promisify(execFile)('node', [join(__dirname, '../bin/cognito-local.js'), 'add-user', '--url', service.url, ...args]);

test('npm run identity:add-user creates a confirmed user who can sign in; a weak password creates nobody', async () => {
  const added = await addUser(
    '--username',
    'carol',
    '--password',
    'Carol-Demo-1!',
    '--email',
    'carol@example.com',
    '--name',
    'Carol Diaz',
  );
  expect(added.stdout).toContain('Added user carol');
  const client = cognitoClient(service);
  try {
    expect((await signIn(client, service, { username: 'carol', password: 'Carol-Demo-1!' })).accessToken).toBeDefined();
    await expect(addUser('--username', 'weak', '--password', 'short')).rejects.toMatchObject({
      stderr: expect.stringContaining('InvalidPasswordException'),
    });
    await expect(addUser('--username', 'weak', '--password', 'Weak-Now-Fine-1!')).resolves.toBeDefined();
  } finally {
    client.destroy();
  }
});
