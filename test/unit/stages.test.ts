/**
 * The stage files mean what Jovo users expect: Jovo's TestSuite loads src/app.dev.ts by default and
 * talks to it; and `npm run dev` (--jovo-webhook, the Jovo debugger, which sends requests with their
 * access tokens to webhook.jovo.cloud) starts only against the local identity service.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { InputType, TestSuite } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { app as devApp } from '../../src/app.dev';
import { assertDebuggerMayConnect, DebuggerRefusedError, usesLocalIdentityService } from '../../src/devDebugger';
import { rendered } from '../support/expectedText';

// As a Jovo developer writes it, with the app passed in rather than found by the suite:
// TestSuite.loadApp copies the app with lodash's cloneDeep, which leaves out the app's
// non-enumerable i18n (src/app.ts), and every answer would fail.
const testSuite = new TestSuite({ platform: AlexaPlatform, app: devApp });

test('Jovo’s TestSuite runs the dev stage’s app (src/app.dev.ts) and it answers', async () => {
  const { output } = await testSuite.run({ type: InputType.Launch });
  expect(output[0].message).toBe(rendered('en-US', 'linking.launch'));
});

describe('the Jovo debugger', () => {
  const LOCAL = { apiEndpoint: 'http://127.0.0.1:9339', jwksUri: 'http://localhost:9339/pool/.well-known/jwks.json' };

  test.each([
    ['the local stand-in (app.json dev)', LOCAL, true],
    ['IPv6 loopback', { apiEndpoint: 'http://[::1]:9339', jwksUri: 'http://[::1]:9339/jwks.json' }, true],
    ['a real pool (no endpoint: the SDK’s regional one)', {}, false],
    ['a real pool’s JWKS with a local API', { apiEndpoint: LOCAL.apiEndpoint }, false],
    ['a host that only starts like localhost', { ...LOCAL, apiEndpoint: 'http://localhost.evil.test' }, false],
    ['another machine', { ...LOCAL, apiEndpoint: 'http://192.0.2.10:9339' }, false],
  ])('%s: may connect %s', (_name, cognito, allowed) => {
    expect(usesLocalIdentityService(cognito)).toBe(allowed);
    if (allowed) expect(() => assertDebuggerMayConnect(cognito)).not.toThrow();
    else expect(() => assertDebuggerMayConnect(cognito)).toThrow(DebuggerRefusedError);
  });

  test('`npm run dev` against a real pool refuses to start, and says why', () => {
    const saved = { argv: process.argv, endpoint: process.env.COGNITO_API_ENDPOINT };
    process.argv = [...process.argv, '--jovo-webhook'];
    process.env.COGNITO_API_ENDPOINT = 'https://cognito-idp.us-east-1.amazonaws.com';
    try {
      jest.isolateModules(() => {
        expect(() => require('../../src/app.dev')).toThrow(/webhook\.jovo\.cloud.*local identity service/);
      });
    } finally {
      process.argv = saved.argv;
      if (saved.endpoint === undefined) delete process.env.COGNITO_API_ENDPOINT;
      else process.env.COGNITO_API_ENDPOINT = saved.endpoint;
    }
  });
});
