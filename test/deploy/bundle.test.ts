import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import appJson from '../../app.json';
import { launchRequest } from '../support/alexaEnvelopes';
import { ALICE, RunningIdentity, signIn, startTestIdentity } from '../support/identity';
import { ROOT, runNpm } from './run';

const PROD_SKILL_ID = appJson.stages.prod.skillId;
const MAX_BUNDLE_BYTES = 1.5 * 1024 * 1024;

interface AlexaAnswer {
  response: { outputSpeech?: { ssml?: string }; card?: { type: string } };
}

/**
 * Runs the bundle the way Lambda does: a separate node process in a folder with nothing but the
 * bundle (no node_modules anywhere above it), `require`, then `handler(event, context)`.
 */
function invokeBundle(dir: string, event: unknown, env: Record<string, string> = {}): Promise<AlexaAnswer> {
  const script = [
    "const { handler } = require('./index.js');",
    'const event = JSON.parse(process.env.TEST_EVENT);',
    "handler(event, { functionName: 'profile-keeper-prod-skill', awsRequestId: 'test' })",
    "  .then((answer) => process.stdout.write('\\nANSWER ' + JSON.stringify(answer) + '\\n'))",
    '  .catch((error) => { console.error(error); process.exitCode = 1; });',
  ].join('\n');
  const childEnv = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', TEST_EVENT: JSON.stringify(event), ...env };
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the identity service in this process must keep answering GetUser.
    execFile(
      process.execPath,
      ['-e', script],
      { cwd: dir, env: childEnv, timeout: 20_000 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('ANSWER '));
        if (error || !line)
          return reject(new Error(`bundle failed: ${error?.message ?? 'no answer'}\n${stdout}\n${stderr}`));
        resolve(JSON.parse(line.slice('ANSWER '.length)) as AlexaAnswer);
      },
    );
  });
}

describe('npm run bundle (the Lambda artefact)', () => {
  let lambdaDir: string;
  let bundleOutput: string;
  let identity: RunningIdentity;

  beforeAll(async () => {
    const result = await runNpm('bundle');
    bundleOutput = result.stdout + result.stderr;
    expect(result.code).toBe(0);
    lambdaDir = mkdtempSync(join(tmpdir(), 'lambda-'));
    copyFileSync(join(ROOT, 'bundle', 'skill.js'), join(lambdaDir, 'index.js'));
    identity = await startTestIdentity();
  }, 60_000);

  afterAll(async () => {
    await identity?.close();
    if (lambdaDir) rmSync(lambdaDir, { recursive: true, force: true });
  });

  it('is one file within the 1.5 MB target, and reports its size', () => {
    const bytes = statSync(join(ROOT, 'bundle', 'skill.js')).size;
    expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    expect(bundleOutput).toMatch(/bundle\/skill\.js\s+\d+\.\d\d MB/);
  });

  it('leaves the Jovo CLI code out and keeps the Cognito SDK in', () => {
    const code = readFileSync(join(ROOT, 'bundle', 'skill.js'), 'utf8');
    // Booleans, not toContain: a failure must not print 1.4 MB of minified code.
    expect(code.includes('Building Alexa Skill files')).toBe(false);
    expect(code.includes('AWSCognitoIdentityProviderService.GetUser') || code.includes('"GetUser"')).toBe(true);
  });

  it('zips the bundle as index.js, so Lambda finds index.handler', () => {
    const zip = readFileSync(join(ROOT, 'bundle', 'skill.zip'));
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    // Local file header: name length at offset 26, the name at offset 30.
    const nameLength = zip.readUInt16LE(26);
    expect(zip.subarray(30, 30 + nameLength).toString()).toBe('index.js');
  });

  it('greets an unlinked user and sends the LinkAccount card, with no node_modules present', async () => {
    const answer = await invokeBundle(lambdaDir, launchRequest({ skillId: PROD_SKILL_ID }));
    expect(answer.response.outputSpeech?.ssml).toContain('Welcome to Profile Keeper');
    expect(answer.response.card).toEqual({ type: 'LinkAccount' });
  });

  it('greets a linked user by name after asking Cognito (GetUser) from inside the bundle', async () => {
    const { accessToken } = await signIn(identity, ALICE);
    identity.resetStats();
    const answer = await invokeBundle(lambdaDir, launchRequest({ skillId: PROD_SKILL_ID, accessToken }), {
      COGNITO_API_ENDPOINT: identity.url,
      COGNITO_JWKS_URI: identity.jwksUri,
      COGNITO_USER_POOL_ID: identity.userPoolId,
      COGNITO_APP_CLIENT_ID: identity.clientId,
      COGNITO_REGION: identity.region,
      SKILL_ID: PROD_SKILL_ID,
      // The SDK's default credential chain is not used by GetUser; keep it from reading this machine's.
      AWS_ACCESS_KEY_ID: 'unused',
      AWS_SECRET_ACCESS_KEY: 'unused',
    });
    expect(answer.response.outputSpeech?.ssml).toContain('Welcome back, Alice Smith!');
    expect(identity.stats().getUserCalls).toBe(1);
  });

  it('refuses an event for another skill', async () => {
    await expect(invokeBundle(lambdaDir, launchRequest({ skillId: 'amzn1.ask.skill.someone-else' }))).rejects.toThrow(
      /bundle failed/,
    );
  });
});
