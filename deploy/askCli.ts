import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

/**
 * The project's ASK CLI (the ask-cli devDependency, never a global one) for the SMAPI calls the
 * skill package API cannot make: account linking, deleting a skill. It keeps its credentials and
 * refreshes its tokens itself (~/.ask/cli_config, or ASK_* environment variables in CI).
 *
 * JSON that carries a secret goes in through standard input (`file:/dev/stdin`): never a command
 * line argument, which every local user can read in the process list, and never a file. Node gives a
 * child a socket as its standard input, which /dev/stdin cannot be opened on (ENXIO), so `cat`
 * moves the bytes into a real pipe first (POSIX shells: Linux, macOS, WSL).
 */
export class AskCliError extends Error {
  name = 'AskCliError';
}

/** The profile name under which the ASK CLI reads its credentials from environment variables. */
export const ASK_ENVIRONMENT_PROFILE = '__ENVIRONMENT_ASK_PROFILE__';

const ASK_BIN = join(dirname(require.resolve('ask-cli/package.json')), 'dist', 'bin', 'ask.js');

export interface AskCliOptions {
  /** ASK CLI profile; undefined lets the CLI choose (ASK_DEFAULT_PROFILE, then "default"). */
  profile?: string;
  env?: NodeJS.ProcessEnv;
}

export class AskCli {
  constructor(private readonly options: AskCliOptions = {}) {}

  /** `ask smapi <command> ...args`; the parsed JSON answer, or undefined for "executed successfully". */
  async smapi(command: string, args: string[], stdin?: string): Promise<unknown> {
    const profile = this.options.profile ? ['--profile', this.options.profile] : [];
    const stdout = await this.run(['smapi', command, ...args, ...profile], stdin);
    const text = stdout.trim();
    if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
    return JSON.parse(text);
  }

  private run(args: string[], stdin?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('sh', ['-c', 'cat | exec "$@"', 'sh', process.execPath, ASK_BIN, ...args], {
        env: this.options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) return resolve(stdout);
        reject(new AskCliError(`ask ${args.slice(0, 2).join(' ')} failed: ${askErrorText(stderr || stdout)}`));
      });
      child.stdin.end(stdin ?? '');
    });
  }
}

/** The ASK CLI prints `[Error]: {"message": ..., "violations": [...]}`; its message is what people need. */
function askErrorText(output: string): string {
  const json = output.slice(output.indexOf('{'));
  try {
    const parsed = JSON.parse(json) as { message?: string; violations?: { message: string }[] };
    const violations = (parsed.violations ?? []).map((v) => `\n  - ${v.message}`).join('');
    return `${parsed.message ?? json}${violations}`;
  } catch {
    return output.trim();
  }
}
