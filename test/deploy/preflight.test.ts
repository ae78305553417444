import { afterAll, describe, expect, it } from '@jest/globals';
import { STSClient } from '@aws-sdk/client-sts';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageSettings, StageSettings } from '../../deploy/settings';
import { askCredentials } from '../../deploy/askCredentials';
import { awsIdentity, domainPrefixRefusal, settingsProblems } from '../../deploy/preflight';
import { startAwsRecorder } from './support/awsRecorder';
import { runNpm } from './run';
import { copyProject } from './support/project';

/**
 * The checks `npm run deploy` makes before anything changes, each with the exact sentence a
 * developer reads and its fix; then the command itself on a fresh clone with nothing set up.
 */
const prod = (changes: Partial<StageSettings> = {}): StageSettings => ({
  ...stageSettings('prod'),
  cognitoDomainPrefix: 'profile-keeper-jane',
  vendorId: 'M2VENDOR',
  ...changes,
});

const scratch = mkdtempSync(join(tmpdir(), 'preflight-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('app.json', () => {
  it('names the placeholders left in it', () => {
    expect(
      settingsProblems(
        prod({ cognitoDomainPrefix: 'replace-with-your-prefix', vendorId: 'REPLACE_WITH_VENDOR_ID' }),
        undefined,
      ),
    ).toEqual([
      {
        problem: 'app.json stages.prod still has placeholders in cognitoDomainPrefix, vendorId.',
        fix: 'replace them with your own values (docs/deploy.md, "Before the first deploy"), or empty skillId to let the deploy create the skill.',
      },
    ]);
    expect(settingsProblems(prod(), 'M2VENDOR')).toEqual([]);
  });

  it('needs a vendor id (Alexa redirects to a URL that ends with it)', () => {
    expect(settingsProblems(prod({ vendorId: '' }), undefined)).toEqual([
      {
        problem: "app.json stages.prod.vendorId is empty: Cognito cannot allow Alexa's redirect URLs without it.",
        fix: 'copy your vendor id from the Alexa developer console (Settings, My IDs) or from `npx ask smapi get-vendor-list` into app.json stages.prod.vendorId.',
      },
    ]);
  });

  it("needs the vendor id of the ASK CLI's account, or linking fails with a redirect URI mismatch", () => {
    expect(settingsProblems(prod({ vendorId: 'M2VENDOR' }), 'M9OTHER')).toEqual([
      {
        problem:
          'app.json stages.prod.vendorId is M2VENDOR, but the ASK CLI signs in as vendor M9OTHER: Alexa would redirect to a URL the Cognito app client does not allow.',
        fix: 'set app.json stages.prod.vendorId to M9OTHER, or use the ASK CLI profile of that vendor (--ask-profile NAME).',
      },
    ]);
    expect(settingsProblems(prod(), 'M2VENDOR')).toEqual([]);
  });

  it.each([
    ['', 'it must be 1 to 63 characters long'],
    ['a'.repeat(64), 'it must be 1 to 63 characters long'],
    ['Profile-Keeper', 'only lowercase letters, numbers and hyphens are allowed'],
    ['profile_keeper', 'only lowercase letters, numbers and hyphens are allowed'],
    ['-profile-keeper', 'it must not start or end with a hyphen'],
    ['profile-keeper-', 'it must not start or end with a hyphen'],
    ['my-aws-skill', 'it must not contain "aws"'],
    ['amazonfan', 'it must not contain "amazon"'],
    ['cognito-login', 'it must not contain "cognito"'],
  ])('refuses the Hosted UI domain prefix "%s" as Cognito would: %s', (prefix, reason) => {
    expect(domainPrefixRefusal(prefix)).toBe(reason);
  });

  it('says which prefix, why, and what to choose instead', () => {
    expect(settingsProblems(prod({ cognitoDomainPrefix: 'my-aws-skill' }), undefined)).toEqual([
      {
        problem:
          'Cognito would refuse the Hosted UI domain prefix "my-aws-skill" (app.json stages.prod.cognitoDomainPrefix): it must not contain "aws".',
        fix: 'choose a prefix of lowercase letters, numbers and hyphens that is unique in the region, e.g. "profile-keeper-jane".',
      },
    ]);
    for (const fine of ['profile-keeper-jane', 'a', '0', 'a'.repeat(63)])
      expect(domainPrefixRefusal(fine)).toBeUndefined();
  });
});

describe('ASK CLI credentials', () => {
  it('are missing with neither an `ask configure` profile nor the environment variables', () => {
    expect(askCredentials({}, join(scratch, 'empty-home'))).toEqual({
      problem:
        'No ASK CLI credentials found: ~/.ask/cli_config has no signed-in profile "default", and ASK_REFRESH_TOKEN with ASK_VENDOR_ID is not set.',
      fix: 'run `npx ask configure` once (it opens a browser to sign in with your Amazon developer account), or set ASK_REFRESH_TOKEN and ASK_VENDOR_ID for a non-interactive run.',
    });
  });

  it('come from a profile that `ask configure` signed in', () => {
    const home = join(scratch, 'home-with-profile');
    mkdirSync(join(home, '.ask'), { recursive: true });
    writeFileSync(
      join(home, '.ask', 'cli_config'),
      JSON.stringify({ profiles: { work: { token: { refresh_token: 'Atzr|x' }, vendor_id: 'M2VENDOR' } } }),
    );
    const work = { profile: 'work', vendorId: 'M2VENDOR', refreshToken: 'Atzr|x' };
    expect(askCredentials({}, home, 'work')).toEqual(work);
    expect(askCredentials({ ASK_DEFAULT_PROFILE: 'work' }, home)).toEqual(work);
    expect(askCredentials({}, home)).toMatchObject({
      problem: expect.stringContaining('no signed-in profile "default"'),
    });
  });

  it('come from the environment in CI, under the profile name the ASK CLI gives them', () => {
    expect(askCredentials({ ASK_REFRESH_TOKEN: 'Atzr|x', ASK_VENDOR_ID: 'M2VENDOR' }, scratch)).toEqual({
      profile: '__ENVIRONMENT_ASK_PROFILE__',
      vendorId: 'M2VENDOR',
      refreshToken: 'Atzr|x',
      accessToken: undefined,
    });
  });

  it('are incomplete with a token but no vendor id', () => {
    expect(askCredentials({ ASK_REFRESH_TOKEN: 'Atzr|x' }, scratch)).toEqual({
      problem: 'ASK_REFRESH_TOKEN or ASK_ACCESS_TOKEN is set, but ASK_VENDOR_ID is not, so the ASK CLI ignores them.',
      fix: 'export ASK_VENDOR_ID=<your vendor id> as well (or unset the tokens to use an `ask configure` profile).',
    });
  });
});

describe('AWS credentials', () => {
  it('are missing when the SDK finds none', async () => {
    const sts = new STSClient({
      region: 'us-east-1',
      credentials: () => Promise.reject(new Error('Could not load credentials from any providers')),
    });
    expect(await awsIdentity(sts)).toEqual({
      problem: 'No AWS credentials found.',
      fix: 'run `aws configure` (an access key of a user allowed to deploy CloudFormation), or `aws sso login --profile NAME` and `export AWS_PROFILE=NAME`, then deploy again.',
    });
  });

  it('are refused when STS does not accept them', async () => {
    const aws = await startAwsRecorder();
    aws.fail = 'GetCallerIdentity';
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials: { accessKeyId: 'AKIAEXPIRED', secretAccessKey: 'x' },
    });
    try {
      expect(await awsIdentity(sts)).toEqual({
        problem: 'AWS refused the credentials (STS GetCallerIdentity: injected failure at GetCallerIdentity).',
        fix: 'renew them (`aws sso login`, or a new access key) and deploy again.',
      });
    } finally {
      await aws.close();
    }
  });
});

describe('npm run deploy on a fresh clone with nothing set up', () => {
  it('reports every problem with its fix, and changes nothing', async () => {
    const project = copyProject();
    const home = join(scratch, 'fresh-home');
    mkdirSync(home);
    try {
      const result = await runNpm(
        'deploy',
        ['--stage', 'prod'],
        {
          HOME: home,
          ...Object.fromEntries(
            [
              'AWS_ACCESS_KEY_ID',
              'AWS_SECRET_ACCESS_KEY',
              'AWS_SESSION_TOKEN',
              'AWS_PROFILE',
              'ASK_REFRESH_TOKEN',
              'ASK_ACCESS_TOKEN',
              'ASK_VENDOR_ID',
              'ASK_DEFAULT_PROFILE',
            ].map((k) => [k, undefined]),
          ),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
          AWS_CONFIG_FILE: join(home, 'none'),
          // The SDK would also ask the EC2 instance metadata service; there is none here.
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        project,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        [
          'Nothing was deployed: 3 problems to fix first.',
          '',
          '✗ app.json stages.prod still has placeholders in cognitoDomainPrefix, vendorId.',
          '  Fix: replace them with your own values (docs/deploy.md, "Before the first deploy"), or empty skillId to let the deploy create the skill.',
          '',
          '✗ No ASK CLI credentials found: ~/.ask/cli_config has no signed-in profile "default", and ASK_REFRESH_TOKEN with ASK_VENDOR_ID is not set.',
          '  Fix: run `npx ask configure` once (it opens a browser to sign in with your Amazon developer account), or set ASK_REFRESH_TOKEN and ASK_VENDOR_ID for a non-interactive run.',
          '',
          '✗ No AWS credentials found.',
          '  Fix: run `aws configure` (an access key of a user allowed to deploy CloudFormation), or `aws sso login --profile NAME` and `export AWS_PROFILE=NAME`, then deploy again.',
        ].join('\n'),
      );
      // Stopped before the first step: nothing bundled, built or remembered.
      for (const folder of ['bundle', 'build', '.deploy']) expect(existsSync(join(project, folder))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});
