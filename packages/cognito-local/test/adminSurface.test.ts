import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkInterfaces } from 'node:os';
import { adminRefusal, ownHostNames } from '../src/http';
import { RunningIdentityService } from '../src';
import { ALICE, cognitoClient, openSignInPage, signIn, startService } from './clients';

/**
 * The admin surface (Admin*, pool and client operations, /_local/*) answers the developer on this
 * machine only: a caller from another address, or a request whose Host is not the service's own name
 * (a web page that rebound its DNS name to 127.0.0.1), is refused with 403 AccessDeniedException.
 */
const TARGET = 'AWSCognitoIdentityProviderService.';

/** A raw HTTP request, so the test chooses the Host header and the local address the socket uses. */
function call(
  url: string,
  options: { path?: string; method?: string; target?: string; host?: string; localAddress?: string; body?: string },
) {
  const { hostname, port } = new URL(url);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    host: options.host ?? `${hostname}:${port}`,
  };
  if (options.target) headers['x-amz-target'] = TARGET + options.target;
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path: options.path ?? '/',
        method: options.method ?? 'POST',
        headers,
        localAddress: options.localAddress,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    req.end(options.body ?? '{}');
  });
}

/** This machine's first non-loopback IPv4 address (the CI and developer machines have one: eth0 or Wi-Fi). */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('from the developer’s own machine', () => {
  let service: RunningIdentityService;
  let sdk: CognitoIdentityProviderClient;
  beforeAll(async () => {
    service = await startService();
    sdk = cognitoClient(service);
  });
  afterAll(async () => {
    sdk.destroy();
    await service.close();
  });

  test('the AWS SDK reaches the admin surface at 127.0.0.1 and at localhost', async () => {
    const input = { UserPoolId: service.userPoolId, ClientId: service.clientId };
    expect((await sdk.send(new DescribeUserPoolClientCommand(input))).UserPoolClient?.ClientSecret).toBe(
      service.clientSecret,
    );
    const viaLocalhost = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: service.url.replace('127.0.0.1', 'localhost'),
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    expect(
      (await viaLocalhost.send(new AdminGetUserCommand({ UserPoolId: service.userPoolId, Username: 'alice' })))
        .Username,
    ).toBe('alice');
    viaLocalhost.destroy();
  });

  test('a rebound DNS name (Host not one of the service’s names) is refused on every admin surface', async () => {
    const port = new URL(service.url).port;
    for (const host of [`attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, 'localhost:1']) {
      const admin = await call(service.url, {
        host,
        target: 'DescribeUserPoolClient',
        body: JSON.stringify({ UserPoolId: service.userPoolId, ClientId: service.clientId }),
      });
      expect(admin.status).toBe(403);
      expect(admin.body).toMatchObject({ __type: 'AccessDeniedException', message: expect.stringContaining('Host') });
      expect(JSON.stringify(admin.body)).not.toContain(service.clientSecret);
      expect((await call(service.url, { host, target: 'AdminGetUser' })).status).toBe(403);
      expect(
        (await call(service.url, { host, path: '/_local/faults', method: 'PUT', body: '{"errorRate":1}' })).status,
      ).toBe(403);
    }
    expect(service.stats().getUserCalls).toBe(0);
    expect((await call(service.url, { path: '/_local/health', method: 'GET' })).body).toEqual({ ok: true });
  });

  test('the SDK surfaces the refusal as AccessDeniedException', async () => {
    const rebound = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: service.url,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      maxAttempts: 1,
    });
    rebound.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers.host = 'attacker.example';
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    await expect(
      rebound.send(new AdminGetUserCommand({ UserPoolId: service.userPoolId, Username: 'alice' })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    rebound.destroy();
  });
});

describe('from another address on the network (--host)', () => {
  let service: RunningIdentityService;
  beforeAll(async () => {
    service = await startService({ host: lanAddress ?? '127.0.0.1' });
  });
  afterAll(() => service.close());

  test('sign-in and GetUser stay open, the admin surface does not', async () => {
    // Without a non-loopback address the service still listens on loopback, and the test cannot call it
    // from elsewhere: then it fails here, saying why, rather than passing without proof.
    expect(lanAddress).toBeDefined();
    const sdk = cognitoClient(service);
    const { accessToken } = await signIn(sdk, service, ALICE);
    const fromLan = { localAddress: lanAddress };
    const user = await call(service.url, {
      ...fromLan,
      target: 'GetUser',
      body: JSON.stringify({ AccessToken: accessToken }),
    });
    expect([user.status, user.body.Username]).toEqual([200, 'alice']);
    const admin = await call(service.url, {
      ...fromLan,
      target: 'DescribeUserPoolClient',
      body: JSON.stringify({ UserPoolId: service.userPoolId, ClientId: service.clientId }),
    });
    expect([admin.status, admin.body.__type]).toEqual([403, 'AccessDeniedException']);
    expect(admin.body.message).toContain('loopback');
    expect((await call(service.url, { ...fromLan, path: '/_local/stats', method: 'GET' })).status).toBe(403);
    expect((await openSignInPage(service)).status).toBe(200);
    await expect(sdk.send(new GetUserCommand({ AccessToken: accessToken }))).resolves.toMatchObject({
      Username: 'alice',
    });
    sdk.destroy();
  });
});

test('the refusal itself, on a real socket whose peer is not loopback (a Unix socket has no address)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'admin-refusal-'));
  const ownHosts = ownHostNames('127.0.0.1', 9339);
  const server = createServer((req, res) => res.end(adminRefusal(req, { ownHosts }) ?? 'allowed'));
  await new Promise<void>((resolve) => server.listen(join(dir, 'socket'), resolve));
  const answer = await new Promise<string>((resolve) =>
    request({ socketPath: join(dir, 'socket'), headers: { host: '127.0.0.1:9339' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
    }).end(),
  );
  server.close();
  expect(answer).toContain('loopback');
});

describe('a body over the limit (64 KiB) is 413, not 500', () => {
  let service: RunningIdentityService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service.close());
  const huge = 'x'.repeat(70 * 1024);

  test('on the JSON API, as RequestTooLargeException the SDK names', async () => {
    const answer = await call(service.url, { target: 'InitiateAuth', body: JSON.stringify({ ClientId: huge }) });
    expect([answer.status, answer.body.__type]).toEqual([413, 'RequestTooLargeException']);
    await expect(cognitoClient(service).send(new GetUserCommand({ AccessToken: huge }))).rejects.toMatchObject({
      name: 'RequestTooLargeException',
      $metadata: { httpStatusCode: 413 },
    });
  });

  test('on the form endpoints: /oauth2/token, /oauth2/revoke and the sign-in form', async () => {
    for (const path of ['/oauth2/token', '/oauth2/revoke', '/login']) {
      const response = await fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=authorization_code&code=${huge}`,
      });
      expect(response.status).toBe(413);
      expect(await response.text()).toContain('larger than 65536 bytes');
    }
  });
});
