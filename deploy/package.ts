/**
 * npm run package -- [--stage prod] [--out DIR]
 *
 * What `npm run deploy` would send to AWS, written offline (no credentials, no AWS call): the final
 * template as JSON, the parameters it would be deployed with (from app.json and the last
 * deployment's state) and the Lambda artefact. DIR defaults to build/deploy/<stage>.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isStage, Stage } from './settings';
import { bundle } from './bundle';
import { artefactKey } from './stack';
import { currentSettings, knownSkillId } from './state';
import { loadTemplate, stackParameters } from './template';

const ROOT = join(__dirname, '..');

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const stage = option(args, '--stage') ?? 'prod';
  if (!isStage(stage)) throw new Error(`--stage must be dev or prod, got "${stage}"`);
  const outDir = resolve(option(args, '--out') ?? join(ROOT, 'build', 'deploy', stage));
  mkdirSync(outDir, { recursive: true });
  const artefact = await bundle({ root: ROOT, outDir, log: (line) => console.log(line) });
  const zipFile = join(outDir, 'skill.zip');
  if (resolve(artefact.zipPath) !== zipFile) copyFileSync(artefact.zipPath, zipFile);
  const { settings } = currentSettings(ROOT, stage as Stage);
  const parameters = stackParameters(settings, {
    codeKey: artefactKey(artefact.zip),
    skillId: knownSkillId(ROOT, stage as Stage),
  });
  writeFileSync(join(outDir, 'template.json'), `${JSON.stringify(loadTemplate(ROOT), null, 2)}\n`);
  writeFileSync(join(outDir, 'parameters.json'), `${JSON.stringify(parameters, null, 2)}\n`);
  for (const file of ['template.json', 'parameters.json', 'skill.zip']) {
    console.log(`${relative(process.cwd(), join(outDir, file))}`);
  }
}

main().catch((error: unknown) => {
  console.error(`package failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
