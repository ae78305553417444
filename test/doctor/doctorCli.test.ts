import { DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RunningIdentity, startTestIdentity } from '../support/identity';
import {
  ALEXA_REDIRECT_URLS,
  cognitoOf,
  createClient,
  doctorEnv,
  DoctorRun,
  runDoctorCli,
  updateClient,
  VENDOR_ID,
} from './support/doctorBench';

/**
 * `npm run doctor -- --stage dev` in a child process, as a developer runs it against the local identity
 * service (the overrides the skill honours, no AWS or ASK credentials), for app clients made and changed
 * through Cognito's own API.
 */
describe('npm run doctor against the local identity service', () => {
  let identity: RunningIdentity;
  let right: DoctorRun;
  let withoutLayla: DoctorRun;
  let monthLong: DoctorRun;
  let rightSecret: string;

  beforeAll(async () => {
    identity = await startTestIdentity();
    const [rightId, laylaId, monthId] = await Promise.all([
      createClient(identity),
      createClient(identity),
      createClient(identity, { RefreshTokenValidity: 30 }),
    ]);
    await updateClient(identity, laylaId, {
      CallbackURLs: ALEXA_REDIRECT_URLS.filter((url) => !url.includes('layla')),
    });
    const described = await cognitoOf(identity).send(
      new DescribeUserPoolClientCommand({ UserPoolId: identity.userPoolId, ClientId: rightId }),
    );
    rightSecret = described.UserPoolClient?.ClientSecret ?? '';
    // Side by side: each run starts npm and tsx, which take most of its time.
    [right, withoutLayla, monthLong] = await Promise.all(
      [rightId, laylaId, monthId].map((clientId) => runDoctorCli(doctorEnv(identity, clientId))),
    );
  }, 60_000);

  afterAll(() => identity.close());

  it('passes a right app client: every check named with ✓, exit code 0', () => {
    expect(right.code).toBe(0);
    const lines = right.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `✓ redirect URLs: all three Alexa regions, vendor ${VENDOR_ID}`,
        '✓ code grant: authorization code grant allowed',
        '✓ scopes: openid, email, profile, aws.cognito.signin.user.admin',
        '✓ client secret: present (read, never printed)',
        '✓ access token lifetime: 60 minutes',
        '✓ refresh token lifetime: 3650 days (enough: 3650 days)',
        '✓ profile attributes: readable: name, preferred_username, email',
        '✓ domain: profile-keeper-local, hosted UI (classic)',
        '– feature plan: not needed (app.json accessTokenProfileClaims is off), plan ESSENTIALS',
        '✓ sign-in names: users sign in with usernames they pick',
        `✓ sign-in page: served to Alexa in all three regions at ${identity.url}`,
        '✓ HTTP Basic: the client authenticates, and a made-up code gets invalid_grant',
        '– Lambda permission: not checked: no Lambda endpoint',
        '– skill account linking: not checked: no ASK CLI credentials (`npx ask configure`)',
      ]),
    );
    expect(lines).not.toContainEqual(expect.stringMatching(/^✗/));
    expect(right.stdout.trim().split('\n').pop()).toBe('Everything checked fits together.');
  });

  it('never prints the client secret it reads', () => {
    expect(rightSecret).toMatch(/^[a-z0-9]{40,}$/);
    expect(`${right.stdout}${right.stderr}`).not.toContain(rightSecret);
  });

  it("fails a client without Europe's redirect URL: names the URL and the region, says how to fix it, exit code 1", () => {
    expect(withoutLayla.code).toBe(1);
    const layla = `https://layla.amazon.com/api/skill/link/${VENDOR_ID}`;
    expect(withoutLayla.stdout).toContain(
      `✗ redirect URLs: the app client does not allow ${layla}: users in Europe and India cannot link.\n` +
        "  Fix: allow Alexa's three redirect URLs for your vendor id (app.json stages.dev.vendorId) as callback URLs " +
        '(Cognito console: App clients, profile-keeper-doctor), or run `npm run deploy -- --stage dev --fix-app-client`.',
    );
    // Cognito itself refuses Alexa there: the probe of the authorization endpoint says so.
    expect(withoutLayla.stdout).toContain(
      `✗ sign-in page: ${identity.url}/oauth2/authorize answers redirect_mismatch to Alexa in Europe and India.`,
    );
    expect(withoutLayla.stdout).toContain('2 problems to fix: until then, account linking fails.');
  });

  it('fails a 30-day refresh token: every user would be unlinked a month after linking', () => {
    expect(monthLong.code).toBe(1);
    expect(monthLong.stdout).toContain(
      '✗ refresh token lifetime: refresh tokens live 30 days: every user is unlinked 30 days after linking, when Alexa can no longer refresh.\n' +
        '  Fix: set the refresh token expiration to 3650 days',
    );
    expect(monthLong.stdout).toContain('1 problem to fix: until then, account linking fails.');
  });
});
