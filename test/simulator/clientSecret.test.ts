import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { localClientSecret } from '../../scripts/local';
import { RunningIdentity, startTestIdentity } from '../support/identity';

let service: RunningIdentity;
const startService = () => startTestIdentity();
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

describe("the simulator's client secret (it plays Alexa, which holds the secret)", () => {
  const tokenUrl = () => `${service.url}/oauth2/token`;

  test('comes from DescribeUserPoolClient when the token endpoint is on this machine', async () => {
    await expect(localClientSecret({ accessTokenUrl: tokenUrl(), clientId: service.clientId }, {})).resolves.toBe(
      service.clientSecret,
    );
  });

  test('COGNITO_CLIENT_SECRET wins; a remote token endpoint or no service gives none', async () => {
    const settings = { accessTokenUrl: tokenUrl(), clientId: service.clientId };
    await expect(localClientSecret(settings, { COGNITO_CLIENT_SECRET: 'from-env' })).resolves.toBe('from-env');
    await expect(
      localClientSecret(
        { accessTokenUrl: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token', clientId: 'x' },
        {},
      ),
    ).resolves.toBeUndefined();
    const stopped = await startService();
    const stoppedUrl = `${stopped.url}/oauth2/token`;
    await stopped.close();
    await expect(
      localClientSecret({ accessTokenUrl: stoppedUrl, clientId: service.clientId }, {}),
    ).resolves.toBeUndefined();
  });
});
