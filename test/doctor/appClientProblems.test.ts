import { CreateUserPoolDomainCommand, DeleteUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fits } from '../../deploy/doctor/report';
import { RunningIdentity, startTestIdentity } from '../support/identity';
import { cognitoOf, createClient, doctorInProcess, findingsOf, RIGHT_CLIENT } from './support/doctorBench';
import { MANAGED_LOGIN_WITHOUT_STYLE, startCognitoPassThrough, StandIn } from './support/standIns';

/**
 * The doctor's check function in process, against the real local identity service over HTTP, for app
 * clients and pools that each get one thing wrong. Each must fail naming its cause, and the rest pass.
 */
const failuresOf = (findings: Awaited<ReturnType<typeof doctorInProcess>>) =>
  findings.filter((finding) => finding.status === 'fail').map(({ check, text }) => `${check}: ${text}`);

describe('the doctor names what does not fit in an app client', () => {
  let identity: RunningIdentity;

  beforeAll(async () => {
    identity = await startTestIdentity();
  });
  afterAll(() => identity.close());

  it('a right app client fits', async () => {
    const findings = await doctorInProcess(identity, await createClient(identity));
    expect(failuresOf(findings)).toEqual([]);
    expect(fits(findings)).toBe(true);
  });

  it('without aws.cognito.signin.user.admin: GetUser would answer 400, and Cognito refuses the scopes Alexa asks for', async () => {
    const scopes = ['openid', 'email', 'profile'];
    const findings = await doctorInProcess(identity, await createClient(identity, { AllowedOAuthScopes: scopes }));
    expect(failuresOf(findings)).toEqual([
      "scopes: the app client does not allow aws.cognito.signin.user.admin: Cognito refuses Alexa's request, and GetUser answers 400.",
      `sign-in page: ${identity.url}/oauth2/authorize answers invalid_scope to Alexa in North America, Europe and India, the Far East.`,
    ]);
    expect(findingsOf(findings, 'scopes')[0].fix).toMatch(
      /^allow the scopes openid, email, profile, aws.cognito.signin.user.admin /,
    );
  });

  it('the implicit grant instead of the code grant: the sign-in page and the token endpoint refuse Alexa', async () => {
    const findings = await doctorInProcess(identity, await createClient(identity, { AllowedOAuthFlows: ['implicit'] }));
    expect(failuresOf(findings)).toEqual([
      "code grant: the app client allows implicit: Alexa's account linking needs the authorization code grant.",
      `sign-in page: ${identity.url}/oauth2/authorize answers unauthorized_client to Alexa in North America, Europe and India, the Far East.`,
      `HTTP Basic: ${identity.url}/oauth2/token answers unauthorized_client to the app client's own id and secret (HTTP Basic) and a made-up code.`,
    ]);
  });

  it('no client secret: Alexa has nothing to authenticate with, and the token probe is not tried', async () => {
    const findings = await doctorInProcess(identity, await createClient(identity, {}, false));
    expect(failuresOf(findings)).toEqual([
      'client secret: the app client has no secret: Alexa authenticates with one at the token endpoint.',
    ]);
    expect(findingsOf(findings, 'HTTP Basic')).toEqual([
      { check: 'HTTP Basic', status: 'skip', text: 'not tried: no client secret' },
    ]);
  });

  it('the client cannot read email: the skill would say it does not know it', async () => {
    const readable = RIGHT_CLIENT.ReadAttributes?.filter((name) => name !== 'email');
    const findings = await doctorInProcess(identity, await createClient(identity, { ReadAttributes: readable }));
    expect(failuresOf(findings)).toEqual([
      'profile attributes: the app client cannot read email: GetUser leaves it out and the skill says it does not know.',
    ]);
  });

  it('5-minute access tokens: shorter than Alexa accepts', async () => {
    const units = { AccessToken: 'minutes', RefreshToken: 'days' } as const;
    const clientId = await createClient(identity, { AccessTokenValidity: 5, TokenValidityUnits: units });
    expect(failuresOf(await doctorInProcess(identity, clientId))).toEqual([
      'access token lifetime: access tokens live 5 minutes; Alexa needs at least 6 minutes.',
    ]);
  });

  it("a Hosted UI address that is another pool's: the token endpoint answers invalid_client", async () => {
    const other = await startTestIdentity();
    try {
      const findings = await doctorInProcess(identity, await createClient(identity), { hostedUi: other.url });
      expect(failuresOf(findings)).toEqual([
        `sign-in page: ${other.url}/oauth2/authorize answers HTTP 400 to Alexa in North America, Europe and India, the Far East.`,
        `HTTP Basic: ${other.url}/oauth2/token answers invalid_client to the app client's own id and secret (HTTP Basic) and a made-up code.`,
      ]);
      expect(findingsOf(findings, 'HTTP Basic')[0].fix).toContain(
        `check that ${other.url} is this pool's domain and ACTIVE (app.json stages.dev.cognitoDomain, or COGNITO_DOMAIN)`,
      );
    } finally {
      await other.close();
    }
  });
});

describe('the doctor names what does not fit in the pool', () => {
  let identity: RunningIdentity;
  let clientId: string;
  const standIns: StandIn[] = [];

  beforeAll(async () => {
    identity = await startTestIdentity();
    clientId = await createClient(identity);
  });
  afterAll(async () => {
    await Promise.all([identity.close(), ...standIns.map((standIn) => standIn.close())]);
  });

  it('on the Lite plan with profile claims on: access tokens could not carry them', async () => {
    // cognito-local has no feature plans (its pool is Essentials): DescribeUserPool is answered as for a Lite pool.
    const lite = await startCognitoPassThrough(identity.url, (req, answer) => {
      if (req.headers['x-amz-target'] !== 'AWSCognitoIdentityProviderService.DescribeUserPool') return answer;
      const { UserPool } = answer.body as { UserPool: Record<string, unknown> };
      return { ...answer, body: { UserPool: { ...UserPool, UserPoolTier: 'LITE' } } };
    });
    standIns.push(lite);
    const claimsOn = { settings: { accessTokenProfileClaims: true } };
    const essentials = await doctorInProcess(identity, clientId, claimsOn);
    expect(findingsOf(essentials, 'feature plan')).toEqual([
      { check: 'feature plan', status: 'pass', text: 'ESSENTIALS, as profile claims in access tokens need' },
    ]);
    const findings = await doctorInProcess(identity, clientId, {
      ...claimsOn,
      tools: { cognito: cognitoOf({ ...identity, url: lite.url }) },
    });
    expect(failuresOf(findings)).toEqual([
      'feature plan: the pool is on the LITE plan; profile claims in access tokens need Essentials or Plus.',
    ]);
  });

  it('managed login without a branding style: the probe finds no sign-in page', async () => {
    const cognito = cognitoOf(identity);
    const [UserPoolId, Domain] = [identity.userPoolId, 'profile-keeper-local'];
    await cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain }));
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain, ManagedLoginVersion: 2 }));
    // cognito-local renders its sign-in page for every client: the page is answered as managed login
    // answers a client without a branding style.
    const managedLogin = await startCognitoPassThrough(identity.url, (req, answer) =>
      req.url?.startsWith('/login') ? { status: 200, body: MANAGED_LOGIN_WITHOUT_STYLE } : answer,
    );
    standIns.push(managedLogin);
    const findings = await doctorInProcess(identity, clientId, { hostedUi: managedLogin.url });
    expect(findingsOf(findings, 'domain')[0].text).toBe('profile-keeper-local, managed login');
    expect(failuresOf(findings)).toEqual([
      `sign-in page: ${managedLogin.url}/oauth2/authorize answers Login pages unavailable to Alexa in North America, Europe and India, the Far East.`,
    ]);
    expect(findingsOf(findings, 'sign-in page')[0].fix).toBe(
      `give the app client a branding style: \`aws cognito-idp create-managed-login-branding --user-pool-id ${UserPoolId} --client-id ${clientId} --use-cognito-provided-values\`, or switch the domain to the hosted UI (classic).`,
    );
  });

  it('no domain: no sign-in page for Alexa to open', async () => {
    const cognito = cognitoOf(identity);
    await cognito.send(
      new DeleteUserPoolDomainCommand({ UserPoolId: identity.userPoolId, Domain: 'profile-keeper-local' }),
    );
    const findings = await doctorInProcess(identity, clientId);
    expect(failuresOf(findings)).toEqual([
      'domain: the user pool has no domain, so there is no sign-in page for Alexa to open.',
      `sign-in page: ${identity.url}/oauth2/authorize answers HTTP 404 to Alexa in North America, Europe and India, the Far East.`,
      `HTTP Basic: ${identity.url}/oauth2/token answers not_found to the app client's own id and secret (HTTP Basic) and a made-up code.`,
    ]);
  });
});

describe('a pool whose users sign in with their email address', () => {
  it('is a note, not a failure: the skill never says the UUID usernames Cognito makes', async () => {
    const identity = await startTestIdentity({ usernameAttributes: ['email'] });
    try {
      const findings = await doctorInProcess(identity, await createClient(identity));
      expect(findingsOf(findings, 'sign-in names')).toEqual([
        {
          check: 'sign-in names',
          status: 'note',
          text: 'users sign in with their email, so Cognito makes usernames UUIDs: the skill never says one; it says preferred_username when set, else the email they sign in with.',
        },
      ]);
      expect(fits(findings)).toBe(true);
    } finally {
      await identity.close();
    }
  });
});
