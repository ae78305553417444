import AdmZip from 'adm-zip';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Stage } from './settings';

type Log = (line: string) => void;

/**
 * The two things the deploy uploads, each made by the project's one way to make it: the Lambda
 * folder by scripts/bundle.js (the pool's public keys shipped next to the code, so a cold start need
 * not download them), and the skill package by the Jovo CLI (through scripts/jovo.js).
 */
export async function bundle(options: { root: string; outDir: string; jwks?: unknown; log: Log }): Promise<string> {
  const { root, outDir, jwks, log } = options;
  // Required at run time from the project at `root`: jovo.project.js bundles this module, and the
  // build script must find the project's sources from where it lies.
  const { buildLambda } = require(join(root, 'scripts', 'bundle.js')) as typeof import('../scripts/bundle');
  // Public keys, not a secret; a private temporary folder all the same, removed right after.
  const jwksDir = jwks === undefined ? undefined : mkdtempSync(join(tmpdir(), 'jwks-'));
  try {
    if (jwksDir) writeFileSync(join(jwksDir, 'jwks.json'), JSON.stringify(jwks));
    const { files } = await buildLambda({ outDir, jwks: jwksDir && join(jwksDir, 'jwks.json') });
    log(`  the function's code: ${files.join(', ')} (scripts/bundle.js)`);
  } finally {
    if (jwksDir) rmSync(jwksDir, { recursive: true, force: true });
  }
  return outDir;
}

/** The pool's signing keys, where Cognito publishes them (public); undefined when unreachable. */
export async function fetchJwks(cognitoEndpoint: string, userPoolId: string): Promise<unknown> {
  const url = `${cognitoEndpoint.replace(/\/$/, '')}/${userPoolId}/.well-known/jwks.json`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
  return response?.ok ? response.json() : undefined;
}

/**
 * The skill package as the zip SMAPI imports, built from jovo.project.ts and the stage's settings by
 * the Jovo CLI, whose output goes indented into the log (or into the error when it fails).
 */
export async function skillPackage(root: string, stage: Stage, env: NodeJS.ProcessEnv, log: Log): Promise<Buffer> {
  const args = [join(root, 'scripts', 'jovo.js'), 'build:platform', 'alexa', '--stage', stage];
  const failed = (error: Error & { stdout?: string; stderr?: string }) => error;
  const result = await promisify(execFile)(process.execPath, args, { cwd: root, env }).catch(failed);
  const lines = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').filter((line) => line.trim());
  if (result instanceof Error)
    throw new Error(`jovo build:platform alexa failed:\n${lines.join('\n') || result.message}`);
  for (const line of lines) log(`  ${line.trimEnd()}`);
  const zip = new AdmZip();
  zip.addLocalFolder(join(root, 'build', 'platform.alexa', 'skill-package'));
  return zip.toBuffer();
}
