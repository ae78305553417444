import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Lambda artefact, made by `scripts/bundle.js` through its command line (that script is the one
 * way to bundle), with `--out DIR` (where the artefact goes; bundle/ otherwise) and `--jwks FILE`
 * (the user pool's public keys shipped next to the code, so a cold start need not download them).
 */
export interface BundleOptions {
  root: string;
  /** Where skill.zip should end up; bundle/ when omitted. */
  outDir?: string;
  /** The pool's JWKS to ship with the function (jwks.json next to index.js). */
  jwks?: unknown;
  log?: (line: string) => void;
}

export interface Bundle {
  zip: Buffer;
  zipPath: string;
  /** Whether the JWKS went into the artefact. */
  withJwks: boolean;
}

export async function bundle(options: BundleOptions): Promise<Bundle> {
  const { root } = options;
  const args: string[] = [];
  if (options.outDir) args.push('--out', options.outDir);
  const withJwks = options.jwks !== undefined;
  // Public keys, not a secret; a private temporary folder all the same, removed right after.
  const jwksDir = withJwks ? mkdtempSync(join(tmpdir(), 'jwks-')) : undefined;
  try {
    if (jwksDir) {
      writeFileSync(join(jwksDir, 'jwks.json'), JSON.stringify(options.jwks));
      args.push('--jwks', join(jwksDir, 'jwks.json'));
    }
    await runNode(join(root, 'scripts', 'bundle.js'), args, root, options.log);
  } finally {
    if (jwksDir) rmSync(jwksDir, { recursive: true, force: true });
  }
  const zipPath = join(options.outDir ?? join(root, 'bundle'), 'skill.zip');
  return { zip: readFileSync(zipPath), zipPath, withJwks };
}

/** The pool's signing keys, from the URL Cognito publishes them at (public, no credentials). */
export async function fetchJwks(jwksUrl: string): Promise<unknown> {
  const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${jwksUrl} answered ${response.status}`);
  return response.json();
}

function runNode(script: string, args: string[], cwd: string, log?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`scripts/bundle.js failed:\n${output}`));
      for (const line of output.trim().split('\n')) log?.(line);
      resolve();
    });
  });
}
