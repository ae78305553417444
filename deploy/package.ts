/**
 * npm run package -- [--stage prod] [--out DIR]
 *
 * What `npm run deploy` would deploy, written offline (no credentials, no AWS call): the stack's
 * cloud assembly, i.e. the CloudFormation template (<stack>.template.json) and the Lambda code
 * (asset.<hash>/), into build/deploy/<stage>/ unless --out says otherwise. The account and the
 * region stay CloudFormation references; the skill and pool are the ones the stage recorded.
 */
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assetsBucketName } from './assetsBucket';
import { bundle } from './bundle';
import { isStage } from './settings';
import { synthesize } from './stack';
import { currentSettings } from './state';

const ROOT = join(__dirname, '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { stage: { type: 'string', default: 'prod' }, out: { type: 'string' } } });
  const { stage } = values;
  if (!isStage(stage)) throw new Error(`--stage must be dev or prod, got "${stage}"`);
  const outDir = resolve(values.out ?? join(ROOT, 'build', 'deploy', stage));
  const { record, settings } = currentSettings(ROOT, stage);
  const code = await bundle({ root: ROOT, outDir: join(ROOT, 'build', 'lambda', stage), log: console.log });
  const pool = record.pool && !record.pool.inStack ? record.pool : settings.existingPool;
  const assembly = synthesize(
    {
      stackName: record.stackName,
      settings,
      skillId: settings.skillId,
      pool: pool ? { kind: 'existing', ...pool, hostedUi: settings.existingPool?.cognitoDomain } : { kind: 'new' },
      codeDir: code.dir,
      assetsBucket: assetsBucketName(record.stackName),
    },
    outDir,
  );
  for (const stack of assembly.stacks) console.log(relative(process.cwd(), stack.templateFullPath));
  console.log(`${relative(process.cwd(), outDir)}/ (the cloud assembly: template, Lambda code asset, manifest)`);
}

main().catch((error: unknown) => {
  console.error(`package failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
