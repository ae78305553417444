/**
 * Only Alexa may talk to the skill's HTTPS endpoint: every request is checked as Amazon requires
 * (certificate URL, chain, SAN, signature over the raw body, timestamp, skill id) before Jovo sees
 * it, and anything else gets a short 4xx JSON error, logged by reason and never by content.
 *
 * Two stand-ins, because the real parts cannot be produced here (no internet, no Amazon key):
 *  - the certificate download: the adapter's SkillRequestSignatureVerifier fetches the chain from
 *    https://s3.amazonaws.com/echo.api/...; this instance answers those URLs from a local map.
 *    URL rules, expiry, SAN, chain and signature checks are the adapter's real code.
 *  - the trust store: the adapter trusts Node's public roots (tls.rootCertificates); the test root
 *    CA is added to that list (jest.mock below). A chain to any other root is still refused.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { startTestSkill } from '../support/skill';
import { SkillRequestSignatureVerifier } from 'ask-sdk-express-adapter';
import { RejectionReason } from '../../src/alexa/errors';
import { AlexaRequestVerifier } from '../../src/alexa/requestVerifier';
import { createApp } from '../../src/app';
import { RunningSkillServer, startSkillServer } from '../../src/server.express';
import { accountLinkedEvent, DEV_SKILL_ID, launchRequest } from '../support/alexaEnvelopes';
import { RunningIdentity, skillConfigFor, startTestIdentity } from '../support/identity';
import { createTestPki, signBody, TestCertificate } from './support/alexaSigning';
import { postRaw, spoken } from './support/http';
import { captureLogs, LogCapture } from './support/logCapture';
import { rendered } from '../support/expectedText';

const mockTestRoots: string[] = [];
jest.mock('tls', () => {
  const actual = jest.requireActual<typeof import('tls')>('tls');
  return Object.create(actual, {
    rootCertificates: { get: () => [...actual.rootCertificates, ...mockTestRoots] },
  });
});

const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem';
const LAUNCH_UNLINKED = rendered('en-US', 'linking.launch');

let identity: RunningIdentity;
let verified: RunningSkillServer;
let byConfig: RunningSkillServer;
let unverifiedDev: RunningSkillServer;
let logs: LogCapture;
let alexaCert: TestCertificate;
const served = new Map<string, string>();
const downloads: string[] = [];

/** The adapter's verifier, with Amazon's S3 answered from `served` (see the file comment). */
function verifierServingLocalCertificates(): SkillRequestSignatureVerifier {
  const verifier = new SkillRequestSignatureVerifier();
  (verifier as unknown as { _getCertChainByUrl(url: string): Promise<string> })._getCertChainByUrl = async (url) => {
    downloads.push(url);
    const pem = served.get(url);
    if (!pem) throw new Error(`Unable to load x509 certificate from URL: ${url}. Response status code: 404`);
    return pem;
  };
  return verifier;
}

function alexaTimestamp(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function signed(envelope: unknown, cert = alexaCert, certUrl = CERT_URL) {
  const body = JSON.stringify(envelope);
  return { body, headers: { SignatureCertChainUrl: certUrl, 'Signature-256': signBody(body, cert.privateKeyPem) } };
}

function serve(path: string, cert: TestCertificate): string {
  const url = `https://s3.amazonaws.com/echo.api/${path}`;
  served.set(url, cert.chainPem);
  return url;
}

/** Posts and expects a 401 whose logged reason is `reason`. */
async function expectRefused(url: string, body: string, headers: Record<string, string>, reason: RejectionReason) {
  const before = logs.lines.length;
  const reply = await postRaw(url, body, headers);
  expect(reply).toMatchObject({ status: 401, body: { error: 'request not verified' } });
  const logged = logs.lines.slice(before).filter((line) => line.includes('alexa request rejected'));
  expect(logged.map((line) => (JSON.parse(line) as { reason: string }).reason)).toEqual([reason]);
}

beforeAll(async () => {
  logs = captureLogs();
  const pki = createTestPki();
  mockTestRoots.push(pki.rootPem);
  alexaCert = pki.issue();
  served.set(CERT_URL, alexaCert.chainPem);
  identity = await startTestIdentity({ logger: logs.identityLogger });
  const config = skillConfigFor(identity, { ALEXA_VERIFY_REQUESTS: 'true', LOG_LEVEL: 'debug' });
  verified = await startSkillServer({
    app: createApp(config, { logger: logs.skillLogger }),
    logger: logs.skillLogger,
    port: 0,
    requestVerifier: new AlexaRequestVerifier({
      skillId: config.skillId,
      verifySignature: true,
      signatureVerifier: verifierServingLocalCertificates(),
    }),
  });
  byConfig = await startTestSkill(config, { logger: logs.skillLogger });
  const devConfig = skillConfigFor(identity, { LOG_LEVEL: 'debug' });
  unverifiedDev = await startTestSkill(devConfig, { logger: logs.skillLogger });
});

afterAll(async () => {
  logs?.restore();
  await Promise.all([verified?.close(), byConfig?.close(), unverifiedDev?.close()]);
  await identity?.close();
});

describe('a request Alexa signed', () => {
  test('is answered', async () => {
    const { body, headers } = signed(launchRequest());
    const reply = await postRaw(verified.webhookUrl, body, headers);
    expect(reply.status).toBe(200);
    expect(spoken(reply.body)).toBe(LAUNCH_UNLINKED);
  });

  test.each([
    ['port 443 spelled out', 'https://s3.amazonaws.com:443/echo.api/echo-api-cert-test.pem'],
    ['an upper-case scheme and host', 'HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert-test.pem'],
    ['a dot-segment path', 'https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem'],
  ])('is answered when the certificate URL uses %s (Amazon lists it as valid)', async (_name, url) => {
    served.set(url, alexaCert.chainPem);
    const { body, headers } = signed(launchRequest(), alexaCert, url);
    expect((await postRaw(verified.webhookUrl, body, headers)).status).toBe(200);
  });

  test('a skill event 30 minutes old is still answered (Amazon allows skill events an hour)', async () => {
    const event = accountLinkedEvent('not-a-real-token');
    (event.request as Record<string, unknown>).timestamp = alexaTimestamp(-30 * 60_000);
    const { body, headers } = signed(event);
    expect((await postRaw(verified.webhookUrl, body, headers)).status).toBe(200);
  });
});

describe('a request that was not signed by Alexa is refused with 401', () => {
  test('when its body was changed after signing', async () => {
    const { body, headers } = signed(launchRequest());
    const tampered = body.replace('"LaunchRequest"', '"IntentRequest"');
    await expectRefused(verified.webhookUrl, tampered, headers, 'signature-mismatch');
  });

  test('when it was signed with another key than the certificate’s', async () => {
    const other = createTestPki().issue();
    const body = JSON.stringify(launchRequest());
    const headers = { SignatureCertChainUrl: CERT_URL, 'Signature-256': signBody(body, other.privateKeyPem) };
    await expectRefused(verified.webhookUrl, body, headers, 'signature-mismatch');
  });

  test('when the signature headers are missing', async () => {
    const body = JSON.stringify(launchRequest());
    await expectRefused(verified.webhookUrl, body, {}, 'signature-missing');
    await expectRefused(verified.webhookUrl, body, { SignatureCertChainUrl: CERT_URL }, 'signature-missing');
  });

  test.each([
    ['http instead of https', 'http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem'],
    ['another host', 'https://notamazon.com/echo.api/echo-api-cert-test.pem'],
    ['a look-alike host', 'https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-test.pem'],
    ['a path with the wrong case', 'https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-test.pem'],
    ['a path outside /echo.api/', 'https://s3.amazonaws.com/invalid.path/echo-api-cert-test.pem'],
    ['another port', 'https://s3.amazonaws.com:563/echo.api/echo-api-cert-test.pem'],
    ['no URL at all', 'not a url'],
  ])('when the certificate URL has %s, without downloading it', async (_name, url) => {
    served.set(url, alexaCert.chainPem);
    const { body, headers } = signed(launchRequest(), alexaCert, url);
    await expectRefused(verified.webhookUrl, body, headers, 'certificate-url-rejected');
    expect(downloads).not.toContain(url);
  });

  test('when the certificate has expired', async () => {
    const pki = createTestPki();
    mockTestRoots.push(pki.rootPem);
    const expired = pki.issue({
      notBefore: new Date(Date.now() - 60 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const { body, headers } = signed(launchRequest(), expired, serve('expired.pem', expired));
    await expectRefused(verified.webhookUrl, body, headers, 'certificate-rejected');
  });

  test('when the certificate is not valid yet', async () => {
    const pki = createTestPki();
    mockTestRoots.push(pki.rootPem);
    const early = pki.issue({
      notBefore: new Date(Date.now() + 86_400_000),
      notAfter: new Date(Date.now() + 30 * 86_400_000),
    });
    const { body, headers } = signed(launchRequest(), early, serve('not-yet.pem', early));
    await expectRefused(verified.webhookUrl, body, headers, 'certificate-rejected');
  });

  test('when the certificate is not for echo-api.amazon.com', async () => {
    const pki = createTestPki();
    mockTestRoots.push(pki.rootPem);
    const wrongSan = pki.issue({ san: 'skill.evil.example' });
    const { body, headers } = signed(launchRequest(), wrongSan, serve('wrong-san.pem', wrongSan));
    await expectRefused(verified.webhookUrl, body, headers, 'certificate-rejected');
  });

  test('when the certificate chains to a root nobody trusts', async () => {
    const untrusted = createTestPki().issue();
    const { body, headers } = signed(launchRequest(), untrusted, serve('untrusted.pem', untrusted));
    await expectRefused(verified.webhookUrl, body, headers, 'certificate-rejected');
  });

  test('when the certificate cannot be downloaded', async () => {
    const { body, headers } = signed(launchRequest(), alexaCert, 'https://s3.amazonaws.com/echo.api/missing.pem');
    await expectRefused(verified.webhookUrl, body, headers, 'certificate-rejected');
  });
});

describe('a signed request that is not for now or not for this skill is refused with 401', () => {
  test.each([
    ['151 s old', -151_000],
    ['10 minutes old', -600_000],
    ['151 s in the future', 151_000],
  ])('a timestamp %s', async (_name, offset) => {
    const envelope = launchRequest();
    envelope.request.timestamp = alexaTimestamp(offset);
    const { body, headers } = signed(envelope);
    await expectRefused(verified.webhookUrl, body, headers, 'timestamp-out-of-tolerance');
  });

  test('a timestamp that is not a date', async () => {
    const envelope = launchRequest();
    envelope.request.timestamp = 'yesterday';
    const { body, headers } = signed(envelope);
    await expectRefused(verified.webhookUrl, body, headers, 'timestamp-out-of-tolerance');
  });

  test('a timestamp 100 s old is still fine', async () => {
    const envelope = launchRequest();
    envelope.request.timestamp = alexaTimestamp(-100_000);
    const { body, headers } = signed(envelope);
    expect((await postRaw(verified.webhookUrl, body, headers)).status).toBe(200);
  });

  test('another skill’s id', async () => {
    const { body, headers } = signed(
      launchRequest({ skillId: 'amzn1.ask.skill.11111111-1111-4111-8111-111111111111' }),
    );
    await expectRefused(verified.webhookUrl, body, headers, 'wrong-skill-id');
  });

  test('session and context naming different skills', async () => {
    const envelope = launchRequest();
    envelope.session!.application = { applicationId: 'amzn1.ask.skill.11111111-1111-4111-8111-111111111111' };
    const { body, headers } = signed(envelope);
    await expectRefused(verified.webhookUrl, body, headers, 'wrong-skill-id');
  });
});

describe('with verification switched on in the config, the default verifier is the adapter', () => {
  test('an unsigned request is refused', async () => {
    await expectRefused(byConfig.webhookUrl, JSON.stringify(launchRequest()), {}, 'signature-missing');
  });

  test('a request signed with a certificate URL off Amazon’s S3 is refused without a download', async () => {
    const { body, headers } = signed(launchRequest(), alexaCert, 'https://evil.example/echo.api/cert.pem');
    await expectRefused(byConfig.webhookUrl, body, headers, 'certificate-url-rejected');
  });
});

describe('in local dev with verification explicitly off', () => {
  test('an unsigned request for this skill is answered', async () => {
    const reply = await postRaw(unverifiedDev.webhookUrl, JSON.stringify(launchRequest()));
    expect(reply.status).toBe(200);
    expect(spoken(reply.body)).toBe(LAUNCH_UNLINKED);
  });

  test('a request for another skill is still refused with 401', async () => {
    const envelope = launchRequest({ skillId: 'amzn1.ask.skill.22222222-2222-4222-8222-222222222222' });
    await expectRefused(unverifiedDev.webhookUrl, JSON.stringify(envelope), {}, 'wrong-skill-id');
  });
});

describe('a request that is not an Alexa envelope', () => {
  test.each([
    ['malformed JSON', '{"version": "1.0", "request": '],
    ['an empty body', ''],
    ['a JSON array', '[1,2,3]'],
    ['JSON without a request', '{"version":"1.0"}'],
    ['a request type that is not a string', JSON.stringify({ ...launchRequest(), request: { type: 7 } })],
  ])('gets 400 with a short JSON error for %s', async (_name, body) => {
    for (const server of [verified, unverifiedDev]) {
      expect(await postRaw(server.webhookUrl, body)).toMatchObject({ status: 400, body: { error: 'bad request' } });
    }
  });

  test('gets 413 when the body is larger than any Alexa request (300 KB)', async () => {
    const envelope = launchRequest();
    (envelope.session!.attributes as Record<string, unknown>).padding = 'x'.repeat(300 * 1024);
    const reply = await postRaw(verified.webhookUrl, JSON.stringify(envelope));
    expect(reply).toMatchObject({ status: 413, body: { error: 'request too large' } });
  });
});

test('refusals are logged with their reason, never with the body or the headers', () => {
  const text = logs.text();
  expect(text).toContain('"reason":"signature-mismatch"');
  expect(text).toContain('"reason":"certificate-url-rejected"');
  expect(text).toContain('"reason":"certificate-rejected"');
  expect(text).toContain('"reason":"timestamp-out-of-tolerance"');
  expect(text).toContain('"reason":"wrong-skill-id"');
  expect(text).toContain('"reason":"malformed-json"');
  expect(text).not.toContain('echo.api');
  expect(text).not.toContain('notamazon.com');
  // Answered requests are logged with Alexa's request id (one line each); refused ones never quote the body.
  const refusals = logs.lines.filter((line) => line.includes('alexa request rejected')).join('\n');
  expect(refusals).not.toContain('amzn1.echo-api.request');
  expect(text).not.toContain('Signature-256');
  expect(text).not.toContain(DEV_SKILL_ID);
});
