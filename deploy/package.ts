/**
 * npm run package -- [--stage prod]
 *
 * What `npm run deploy` would deploy, written offline (no credentials, no AWS call): the stack's
 * cloud assembly in build/deploy/<stage>/, i.e. its CloudFormation template (<stack>.template.json)
 * and the Lambda code (asset.<hash>/). The account and region stay CloudFormation references.
 */
import '../scripts/quietSdkNotice';
import { App } from 'aws-cdk-lib';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { bundle } from './bundle';
import { isStage } from './settings';
import { SkillStack } from './stack';
import { currentSettings } from './state';
import { assetsBucketName } from './toolkit';

async function main(): Promise<void> {
  const { stage } = parseArgs({ options: { stage: { type: 'string', default: 'prod' } } }).values;
  if (!isStage(stage)) throw new Error(`--stage must be dev or prod, got "${stage}"`);
  const root = join(__dirname, '..');
  const { record, settings } = currentSettings(root, stage);
  const codeDir = await bundle({ root, outDir: join(root, 'build', 'lambda', stage), log: console.log });
  // A pool app.json names, or the one `--remove` kept (its domain, if any, is known only online).
  const pool = settings.existingPool ?? (record.pool?.inStack === false ? record.pool : undefined);
  const app = new App({ outdir: join(root, 'build', 'deploy', stage) });
  new SkillStack(app, {
    stackName: record.stackName,
    settings,
    skillId: settings.skillId,
    pool: pool
      ? { kind: 'existing', userPoolId: pool.userPoolId, hostedUi: settings.existingPool?.cognitoDomain }
      : { kind: 'new' },
    codeDir,
    assetsBucket: assetsBucketName(record.stackName),
  });
  for (const stack of app.synth().stacks) console.log(relative(process.cwd(), stack.templateFullPath));
}

main().catch((error: Error) => {
  console.error(`package failed: ${error.message}`);
  process.exitCode = 1;
});
