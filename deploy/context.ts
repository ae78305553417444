import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import type { AskProfile } from './askCredentials';
import { bundle, fetchJwks } from './bundle';
import type { DeployContext } from './deploy';
import { skillPackage } from './jovoCli';
import { Stage, stageSettings } from './settings';
import { Smapi } from './smapi';
import { StackToolkit } from './toolkit';

/**
 * A deploy run's clients and builders, for `npm run deploy` and the Jovo CLI hooks alike. AWS
 * endpoints follow the SDK's own settings (AWS_ENDPOINT_URL_*), SMAPI's the ASK CLI's.
 */
export async function deployContext(options: {
  root: string;
  stage: Stage;
  env: NodeJS.ProcessEnv;
  ask: AskProfile;
  account: string;
  log: (line: string) => void;
  fixAppClient?: boolean;
}): Promise<DeployContext> {
  const { root, stage, env, log } = options;
  const { region } = stageSettings(stage);
  const cognitoEndpoint =
    env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || `https://cognito-idp.${region}.amazonaws.com`;
  return {
    root,
    stage,
    log,
    account: options.account,
    fixAppClient: options.fixAppClient,
    smapi: new Smapi(options.ask),
    cognito: new CognitoIdentityProviderClient({ region }),
    s3: new S3Client({ region }),
    toolkit: new StackToolkit(log, join(root, 'build', 'deploy', stage)),
    lambdaFolder: async (userPoolId) => {
      log('bundling the skill (scripts/bundle.js)');
      const jwks = userPoolId ? await fetchJwks(cognitoEndpoint, userPoolId) : undefined;
      return (await bundle({ root, outDir: join(root, 'build', 'lambda', stage), jwks, log })).dir;
    },
    skillPackage: () => skillPackage(root, stage, env, log),
  };
}
