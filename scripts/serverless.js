#!/usr/bin/env node
/**
 * Runs the project's Serverless Framework 3 (node_modules, never a global one) without telemetry,
 * update notices or prompts.
 *
 *   node scripts/serverless.js package --stage prod   offline: writes .serverless/ (CloudFormation
 *                                                     template + the artefact), no AWS call
 *   node scripts/serverless.js deploy --stage prod    needs AWS credentials: fails fast, with the
 *                                                     fix, when none are configured
 *
 * `serverless package` needs no credentials for this serverless.yml (nothing in it is resolved from
 * AWS: no ${aws:...}, ${ssm:...} or ${cf:...} variables), so none are faked.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SERVERLESS_BIN = join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
const app = JSON.parse(readFileSync(join(ROOT, 'app.json'), 'utf8'));

/** Where the AWS SDK / CLI look for credentials; true when any of them is configured. */
function hasAwsCredentials(env) {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE) return true;
  if (
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI
  ) {
    return true;
  }
  const awsDir = join(homedir(), '.aws');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(awsDir, 'credentials');
  const configFile = env.AWS_CONFIG_FILE ?? join(awsDir, 'config');
  const mentions = (file, pattern) => existsSync(file) && pattern.test(readFileSync(file, 'utf8'));
  return (
    mentions(credentialsFile, /aws_access_key_id|credential_process/) ||
    mentions(configFile, /sso_|credential_process|role_arn/)
  );
}

function main() {
  const args = process.argv.slice(2);
  const command = args[0];
  const env = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    SLS_INTERACTIVE_SETUP_DISABLE: '1',
    AWS_REGION: process.env.AWS_REGION ?? app.stages.prod.region,
  };
  if (!existsSync(join(ROOT, 'bundle', 'skill.zip'))) {
    console.error('bundle/skill.zip is missing: run `npm run bundle` first.');
    return 1;
  }
  if (command === 'deploy') {
    if (!hasAwsCredentials(env)) {
      console.error(
        [
          'No AWS credentials found, so nothing was deployed.',
          'Configure them first, for example:',
          '  aws configure                      # access key of an IAM user allowed to deploy CloudFormation',
          '  export AWS_PROFILE=my-profile      # or a named profile / `aws sso login --profile my-profile`',
          'then run `npm run deploy` again. See README "Deploy for real".',
        ].join('\n'),
      );
      return 1;
    }
    const placeholders = Object.entries(app.stages.prod).filter(([, value]) => /replace/i.test(String(value)));
    const needed = placeholders.filter(([key]) => ['skillId', 'vendorId', 'cognitoDomainPrefix'].includes(key));
    if (needed.length > 0) {
      console.error(
        `app.json stages.prod still has placeholders the stack needs: ${needed.map(([key]) => key).join(', ')}.\n` +
          'Set the skill id and vendor id from the Alexa developer console and a unique Cognito domain prefix first ' +
          '(README "Deploy for real").',
      );
      return 1;
    }
  }
  const result = spawnSync(process.execPath, [SERVERLESS_BIN, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

process.exitCode = main();
