import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs an npm script the way a developer does (`npm run NAME -- ARGS`), asynchronously so servers
 * started by the test keep answering, in the project or in a copy of it (support/project.ts).
 * NODE_ENV (jest sets "test") is removed like in a shell.
 */
export function runNpm(
  script: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
  cwd: string = ROOT,
): Promise<RunResult> {
  const started = Date.now();
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv.NODE_ENV;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', script, ...(args.length ? ['--', ...args] : [])],
      { cwd, env: childEnv, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}
