import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Stage } from './settings';

/**
 * The project's Jovo CLI, through scripts/jovo.js (the one way this project runs it), for the
 * steps Jovo owns: building the skill package and uploading it (`deploy:platform`, which ends with
 * the account-linking hook of jovo.project.ts).
 */
export class JovoCommandError extends Error {
  name = 'JovoCommandError';
}

export function runJovo(
  root: string,
  args: string[],
  stage: Stage,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'jovo.js'), ...args, '--stage', stage], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    const print = (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) log(`  ${line.trimEnd()}`);
    };
    child.stdout.on('data', print);
    child.stderr.on('data', print);
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending.trim()) log(`  ${pending.trimEnd()}`);
      if (code === 0) resolve();
      else reject(new JovoCommandError(`jovo ${args.join(' ')} failed (its output is above)`));
    });
  });
}
