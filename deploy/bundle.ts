import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Lambda folder, made by scripts/bundle.js (the one way to bundle) through its command line:
 * `--out DIR`, and `--jwks FILE` with the user pool's public keys, so a cold start need not
 * download them. The folder is the function's code (index.handler); its zip is not part of it.
 */
export interface BundleOptions {
  root: string;
  /** bundle/ when omitted. */
  outDir?: string;
  /** The pool's JWKS to ship with the function (jwks.json next to index.js). */
  jwks?: unknown;
  log?: (line: string) => void;
}

export interface Bundle {
  dir: string;
  zipPath: string;
  withJwks: boolean;
}

export async function bundle({ root, outDir = join(root, 'bundle'), jwks, log }: BundleOptions): Promise<Bundle> {
  // Public keys, not a secret; a private temporary folder all the same, removed right after.
  const jwksDir = jwks === undefined ? undefined : mkdtempSync(join(tmpdir(), 'jwks-'));
  try {
    const args = ['--out', outDir];
    if (jwksDir) {
      writeFileSync(join(jwksDir, 'jwks.json'), JSON.stringify(jwks));
      args.push('--jwks', join(jwksDir, 'jwks.json'));
    }
    await run(process.execPath, [join(root, 'scripts', 'bundle.js'), ...args], root, log);
  } finally {
    if (jwksDir) rmSync(jwksDir, { recursive: true, force: true });
  }
  return { dir: outDir, zipPath: join(outDir, 'skill.zip'), withJwks: Boolean(jwksDir) };
}

/** The pool's signing keys, from where Cognito publishes them (public, no credentials); undefined if unreachable. */
export async function fetchJwks(cognitoEndpoint: string, userPoolId: string): Promise<unknown> {
  const url = `${cognitoEndpoint.replace(/\/$/, '')}/${userPoolId}/.well-known/jwks.json`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
  return response?.ok ? response.json() : undefined;
}

/** Runs a command, its output indented into the log; rejects with that output when it fails. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  log?: (line: string) => void,
  env?: NodeJS.ProcessEnv,
) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = output
        .trim()
        .split('\n')
        .filter((line) => line.trim());
      if (code !== 0) return reject(new Error(`${args.slice(0, 3).join(' ')} failed:\n${lines.join('\n')}`));
      for (const line of lines) log?.(`  ${line.trimEnd()}`);
      resolve();
    });
  });
}
