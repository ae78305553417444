import AdmZip from 'adm-zip';
import { join } from 'node:path';
import { run } from './bundle';
import { Stage } from './settings';

/**
 * The skill package, built by the project's Jovo CLI (through scripts/jovo.js, the one way this
 * project runs it) from jovo.project.ts and the stage's current settings, as the zip SMAPI imports.
 */
export async function skillPackage(root: string, stage: Stage, env: NodeJS.ProcessEnv, log: (line: string) => void) {
  await run(
    process.execPath,
    [join(root, 'scripts', 'jovo.js'), 'build:platform', 'alexa', '--stage', stage],
    root,
    log,
    env,
  );
  const zip = new AdmZip();
  zip.addLocalFolder(join(root, 'build', 'platform.alexa', 'skill-package'));
  return zip.toBuffer();
}
