import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CognitoIdentityProviderClient,
  DeleteUserPoolDomainCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploy, remove } from '../../deploy/deploy';
import { DeployBench, STACK, startDeployBench, VENDOR_ID } from './support/deployBench';
import { inProcessContext, useBenchEnvironment } from './support/inProcess';

/**
 * The users' pool is never lost: `--remove` keeps the pool the deploy made and the next deploy
 * uses it again; a change that would replace it stops the deploy; a pool a team already has
 * (app.json userPoolId) gets only the skill's app client, and a domain if it has none. The pools
 * are the local Cognito's (packages/cognito-local), read and changed over its Cognito API.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("the users' pool", () => {
  let bench: DeployBench;
  let restore: () => void;
  let cognito: CognitoIdentityProviderClient;

  beforeAll(async () => {
    bench = await startDeployBench();
    restore = useBenchEnvironment(bench);
    cognito = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: bench.identity.url });
  }, 30_000);

  afterAll(async () => {
    restore?.();
    await bench?.close();
  });

  const run = async (step: typeof deploy = deploy, options: { fixAppClient?: boolean } = {}) => {
    const { context, lines } = await inProcessContext(bench, options);
    const error = await step(context).then(
      () => undefined,
      (e: Error) => e,
    );
    return { error, output: lines.join('\n') };
  };
  const editAppJson = (edit: (appJson: Json) => void) => {
    const file = join(bench.project, 'app.json');
    const appJson = JSON.parse(readFileSync(file, 'utf8'));
    edit(appJson);
    writeFileSync(file, JSON.stringify(appJson));
  };
  const freshWorld = async (edit: (appJson: Json) => void = () => undefined) => {
    await bench.resetAws();
    process.env.AWS_ENDPOINT_URL = bench.aws.url;
    bench.smapi.skills.clear();
    rmSync(join(bench.project, '.deploy'), { recursive: true, force: true });
    editAppJson((appJson) => {
      for (const key of ['userPoolId', 'appClientId', 'cognitoDomain', 'accessTokenProfileClaims']) {
        delete appJson.stages.prod[key];
      }
      edit(appJson);
    });
  };
  const deployedResources = (): Record<string, { Type: string; Properties: Json }> =>
    JSON.parse(bench.aws.state.stacks[STACK].template ?? '{}').Resources;
  const types = () => Object.values(deployedResources()).map((resource) => resource.Type);
  const pool = async () => {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: bench.identity.userPoolId }));
    return UserPool; // its settings, LastModifiedDate and EstimatedNumberOfUsers
  };

  describe('--remove, then deploy again', () => {
    let removal: Awaited<ReturnType<typeof run>>;
    let left: object;
    let redeploy: Awaited<ReturnType<typeof run>>;
    beforeAll(async () => {
      await freshWorld();
      expect((await run()).error).toBeUndefined();
      removal = await run(remove);
      left = {
        stacks: bench.aws.liveStacks(),
        buckets: Object.keys(bench.aws.state.buckets),
        skills: bench.smapi.skills.size,
      };
      redeploy = await run();
    }, 90_000);

    it('leaves nothing behind but the pool: no skill, no stack, no assets bucket', () => {
      expect(removal.error).toBeUndefined();
      expect(left).toEqual({ stacks: [], buckets: [], skills: 0 });
      expect(removal.output).toContain(`Kept user pool ${bench.identity.userPoolId} and its users`);
    });

    it('uses the kept pool again: the new stack holds no pool, only an app client for it', () => {
      expect(redeploy.error).toBeUndefined();
      expect(redeploy.output).toContain(`using user pool ${bench.identity.userPoolId} as it is`);
      expect(types()).not.toContain('AWS::Cognito::UserPool');
      expect(deployedResources().UserPoolClient.Properties.UserPoolId).toBe(bench.identity.userPoolId);
      // The local pool has a domain (seed.json): the stack makes none.
      expect(types()).not.toContain('AWS::Cognito::UserPoolDomain');
      expect(bench.smapi.skills.size).toBe(1);
      const outputs = JSON.parse(bench.aws.state.stacks[STACK].template ?? '{}').Outputs;
      expect(outputs.HostedUiDomain.Value).toBe('https://profile-keeper-local.auth.us-east-1.amazoncognito.com');
    });
  });

  it('stops before a change that CloudFormation says would replace the pool, and says what to do', async () => {
    await freshWorld();
    expect((await run()).error).toBeUndefined();
    const replacement = {
      Action: 'Modify',
      LogicalResourceId: 'UserPool',
      ResourceType: 'AWS::Cognito::UserPool',
      Replacement: 'True',
      Details: [{ Target: { Attribute: 'Properties', Name: 'UserPoolTier', RequiresRecreation: 'Always' } }],
    };
    bench.aws.fixture.changes = [replacement]; // what CloudFormation says of this change
    editAppJson((appJson) => (appJson.stages.prod.accessTokenProfileClaims = true));
    const callsBefore = bench.aws.calls.length;
    const { error } = await run();
    expect(error?.name).toBe('PoolReplacementError');
    expect(error?.message).toMatch(/would replace or orphan the user pool \(UserPool: WILL_REPLACE\)[\s\S]*Fix: /);
    expect(bench.aws.calls.slice(callsBefore).map((c) => c.action)).not.toContain('ExecuteChangeSet');
  });

  describe("a team's pool, named in app.json", () => {
    it('gets only the skill app client, and a domain because it has none; --remove leaves it untouched', async () => {
      await cognito.send(
        new DeleteUserPoolDomainCommand({ UserPoolId: bench.identity.userPoolId, Domain: 'profile-keeper-local' }),
      );
      await freshWorld((appJson) => (appJson.stages.prod.userPoolId = bench.identity.userPoolId));
      const before = await pool();
      expect((await run()).error).toBeUndefined();
      expect(types().filter((type) => type.startsWith('AWS::Cognito::'))).toEqual([
        'AWS::Cognito::UserPoolClient',
        'AWS::Cognito::UserPoolDomain',
      ]);
      const { output } = await run(remove);
      expect(output).toContain(`Left alone: user pool ${bench.identity.userPoolId} and its users.`);
      expect(await pool()).toEqual(before);
    });

    describe('with its app client named too, one made for another app', () => {
      let teamClient: Json;
      const describeClient = async () =>
        (
          await cognito.send(
            new DescribeUserPoolClientCommand({ UserPoolId: bench.identity.userPoolId, ClientId: teamClient.ClientId }),
          )
        ).UserPoolClient ?? {};
      beforeAll(async () => {
        const created = await cognito.send(
          new CreateUserPoolClientCommand({
            UserPoolId: bench.identity.userPoolId,
            ClientName: 'team-web-app',
            GenerateSecret: true,
            CallbackURLs: ['https://app.example.com/callback'],
            LogoutURLs: ['https://app.example.com/'],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['code'],
            AllowedOAuthScopes: ['openid', 'email'],
            SupportedIdentityProviders: ['COGNITO'],
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            RefreshTokenValidity: 30,
          }),
        );
        teamClient = created.UserPoolClient ?? {};
        await freshWorld((appJson) => {
          appJson.stages.prod.userPoolId = bench.identity.userPoolId;
          appJson.stages.prod.appClientId = teamClient.ClientId;
          appJson.stages.prod.cognitoDomain = 'https://login.example.com';
        });
        bench.aws.fixture.outputs = { ...bench.aws.fixture.outputs, UserPoolClientId: teamClient.ClientId };
      });

      it('prints what in it does not fit Alexa, and changes nothing', async () => {
        const unchanged = await describeClient();
        const { error, output } = await run();
        expect(error).toBeUndefined();
        expect(types().filter((type) => type.startsWith('AWS::Cognito::'))).toEqual([]);
        const problems = output.split('\n').filter((line) => line.startsWith(`  app client ${teamClient.ClientId}: `));
        expect(problems.map((line) => line.split(': ')[1])).toEqual([
          'redirect URLs',
          'scopes',
          'refresh token lifetime',
        ]);
        expect(output).toContain('`npm run deploy -- --fix-app-client` updates it');
        expect(await describeClient()).toEqual(unchanged);
      });

      it('--fix-app-client adds what Alexa needs and keeps every other setting of the client', async () => {
        const was = await describeClient();
        const { error, output } = await run(deploy, { fixAppClient: true });
        expect(error).toBeUndefined();
        expect(output).toContain(`app client ${teamClient.ClientId} updated to what Alexa needs`);
        const now = await describeClient();
        expect(now).toMatchObject({
          RefreshTokenValidity: 3650,
          AccessTokenValidity: 60,
          ClientSecret: was.ClientSecret,
          LogoutURLs: was.LogoutURLs,
          ExplicitAuthFlows: was.ExplicitAuthFlows,
          AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        });
        expect(now.CallbackURLs).toEqual([
          'https://app.example.com/callback',
          ...['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].map(
            (host) => `https://${host}/api/skill/link/${VENDOR_ID}`,
          ),
        ]);
        const linking = [...bench.smapi.skills.values()][0].accountLinking;
        expect(linking).toMatchObject({ clientId: teamClient.ClientId, clientSecret: was.ClientSecret });
        const outputs = JSON.parse(bench.aws.state.stacks[STACK].template ?? '{}').Outputs;
        expect(outputs).toMatchObject({
          UserPoolClientId: { Value: teamClient.ClientId },
          HostedUiDomain: { Value: 'https://login.example.com' },
        });
      });
    });
  });
});
