#!/usr/bin/env node
/**
 * Runs the Jovo CLI from npm scripts with nothing installed globally and no prompt.
 *
 *   node scripts/jovo.js build:platform alexa [--stage dev|prod]
 *
 * Why a wrapper (see /work/shared/notes/jovo-v4-toolchain.md): as a local devDependency,
 * @jovotech/cli 4.1.6 does not find its own commands and asks an interactive question; installed
 * with its own prefix it works. So on first use the CLI is installed into ./.jovo-cli (git-ignored,
 * from the npm registry), HOME points at ./.jovo-home (git-ignored) so the CLI's ~/.jovo/config
 * stays inside the project, and jovo.project.ts is compiled to jovo.project.js (the CLI loads the
 * project file with plain require).
 *
 * The stage is passed to jovo.project.js as PROFILE_KEEPER_STAGE instead of Jovo's own --stage,
 * which would move the output to build/<stage>/; NODE_ENV and JOVO_STAGE are cleared for the same
 * reason (jest sets NODE_ENV=test).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const CLI_VERSION = '4.1.6';
const CLI_PREFIX = join(ROOT, '.jovo-cli');
const CLI_PACKAGE = join(CLI_PREFIX, 'lib', 'node_modules', '@jovotech', 'cli');
const CLI_BIN = join(CLI_PACKAGE, 'bin', 'run');
const CLI_HOME = join(ROOT, '.jovo-home');

function installedCliVersion() {
  try {
    return JSON.parse(readFileSync(join(CLI_PACKAGE, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function ensureCli() {
  if (installedCliVersion() === CLI_VERSION && existsSync(CLI_BIN)) return;
  console.log(`Installing @jovotech/cli@${CLI_VERSION} into .jovo-cli (first run only)...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--global', '--prefix', CLI_PREFIX, '--no-audit', '--no-fund', `@jovotech/cli@${CLI_VERSION}`],
    { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT },
  );
  if (result.status !== 0 || installedCliVersion() !== CLI_VERSION) {
    throw new Error(`could not install @jovotech/cli@${CLI_VERSION} into ${CLI_PREFIX}`);
  }
}

function compileProjectFile() {
  require('esbuild').buildSync({
    entryPoints: [join(ROOT, 'jovo.project.ts')],
    outfile: join(ROOT, 'jovo.project.js'),
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    bundle: false,
    logLevel: 'warning',
  });
}

/** Takes `--stage X` / `--stage=X` out of the arguments; dev unless given. */
function splitStage(args) {
  const rest = [];
  let stage = 'dev';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--stage') stage = args[++i];
    else if (args[i].startsWith('--stage=')) stage = args[i].slice('--stage='.length);
    else rest.push(args[i]);
  }
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`--stage must be dev or prod, got "${stage}"`);
  return { stage, rest };
}

function main() {
  const { stage, rest } = splitStage(process.argv.slice(2));
  ensureCli();
  compileProjectFile();
  mkdirSync(CLI_HOME, { recursive: true });
  if (rest[0] === 'build:platform') {
    // A clean build each time: Jovo keeps files of an earlier build (a client secret among them).
    rmSync(join(ROOT, 'build', 'platform.alexa'), { recursive: true, force: true });
  }
  const env = {
    ...process.env,
    HOME: CLI_HOME,
    USERPROFILE: CLI_HOME,
    JOVO_CLI_RUNTIME: 'true',
    PROFILE_KEEPER_STAGE: stage,
  };
  delete env.NODE_ENV;
  delete env.JOVO_STAGE;
  console.log(`jovo ${rest.join(' ')} (stage ${stage})`);
  const result = spawnSync(process.execPath, [CLI_BIN, ...rest], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) throw result.error;
  process.exitCode = result.status ?? 1;
}

try {
  main();
} catch (error) {
  console.error(`scripts/jovo.js: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
