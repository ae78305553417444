#!/usr/bin/env node
/**
 * Runs the project's Jovo CLI (the @jovotech/cli devDependency) from npm scripts: nothing
 * installed globally, nothing downloaded, no prompt.
 *
 *   node scripts/jovo.js build:platform alexa [--stage dev|prod]
 *   node scripts/jovo.js deploy:platform alexa --stage prod    (skill package, then account linking)
 *   node scripts/jovo.js deploy:code cloudformation --stage prod
 *   node scripts/jovo.js run
 *
 *   node scripts/jovo.js deploy --stage prod                  (everything: the same as npm run deploy)
 *
 * Why a wrapper: @jovotech/cli 4.1.6 learns its command plugins (build, deploy, get, run) from the
 * user config ~/.jovo/config and loads each one from <cli>/node_modules/<id> or dirname(<cli>)/<id>.
 * In a project's node_modules the plugins sit next to the CLI, but the ids it writes by default are
 * scoped, so the second path becomes node_modules/@jovotech/@jovotech/... and nothing is found;
 * oclif's not-found plugin then asks "Did you mean ...? [y/n]" and CI hangs. So the CLI runs with
 * HOME at a home of its own, where this script writes the user config with plugin ids relative to
 * node_modules/@jovotech. That home lies outside the project (in the user's cache folder), because
 * it links to the developer's ~/.aws and ~/.ask (the AWS SDK and the ASK CLI, which Jovo runs as
 * `ask`, read their credentials there): a zip or copy of the project must never carry them.
 * jovo.project.ts is bundled with the project's own modules into jovo.project.js (the CLI loads the
 * project file with plain require; npm packages stay external).
 *
 * The stage is passed to jovo.project.js as PROFILE_KEEPER_STAGE instead of Jovo's own --stage,
 * which would move the output to build/<stage>/; NODE_ENV and JOVO_STAGE are cleared for the same
 * reason (jest sets NODE_ENV=test).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash, randomUUID } = require('node:crypto');
const { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { delimiter, dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
const CLI_BIN = join(dirname(require.resolve('@jovotech/cli/package.json', { paths: [ROOT] })), 'bin', 'run');
/** One per project folder, in the user's cache (XDG_CACHE_HOME, else ~/.cache). */
const CLI_HOME = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'profile-keeper-jovo',
  createHash('sha256').update(ROOT).digest('hex').slice(0, 12),
);
const USER_CONFIG = join(CLI_HOME, '.jovo', 'config');
/** The CLI's command plugins, named relative to node_modules/@jovotech (see above). */
const COMMAND_PLUGINS = ['cli-command-build', 'cli-command-deploy', 'cli-command-get', 'cli-command-run'];

/**
 * The CLI's user config, rewritten on every run so the plugin list is always the one above. The
 * webhook uuid names this developer's URL on the Jovo debugger service (`jovo run`): kept once made.
 */
function writeUserConfig() {
  let uuid;
  try {
    uuid = JSON.parse(readFileSync(USER_CONFIG, 'utf8')).webhook.uuid;
  } catch {
    uuid = randomUUID();
  }
  const config = {
    webhook: { uuid },
    cli: {
      // The CLI appends '@jovotech/cli-command-update' when it is missing from the list; listed here
      // so the file is not rewritten, and not found, so `jovo update` (a registry upgrade) stays off.
      plugins: [...COMMAND_PLUGINS, '@jovotech/cli-command-update'],
      presets: [
        { name: 'default', projectName: 'profile-keeper', locales: ['en'], platforms: [], language: 'typescript' },
      ],
    },
  };
  mkdirSync(dirname(USER_CONFIG), { recursive: true });
  writeFileSync(USER_CONFIG, `${JSON.stringify(config, null, 2)}\n`);
}

function compileProjectFile() {
  require('esbuild').buildSync({
    entryPoints: [join(ROOT, 'jovo.project.ts')],
    outfile: join(ROOT, 'jovo.project.js'),
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    bundle: true,
    packages: 'external',
    logLevel: 'warning',
  });
}

/** Links the developer's AWS and ASK CLI configuration into the CLI's home (outside the project). */
function linkCredentialFolders(realHome) {
  mkdirSync(CLI_HOME, { recursive: true });
  for (const folder of ['.aws', '.ask']) {
    const target = join(realHome, folder);
    const link = join(CLI_HOME, folder);
    if (!existsSync(target) || target === link) continue;
    try {
      lstatSync(link);
      continue; // already there (a link made earlier, or a folder someone put there)
    } catch {
      symlinkSync(target, link, 'junction');
    }
  }
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
  if (rest[0] === 'deploy' && (rest.length === 1 || rest[1].startsWith('-'))) {
    // `jovo deploy` alone is the whole deploy, in the order Alexa needs (deploy/deploy.ts).
    const tsx = require.resolve('tsx/cli', { paths: [ROOT] });
    const args = [tsx, join(ROOT, 'deploy', 'main.ts'), '--stage', stage, ...rest.slice(1)];
    return (process.exitCode = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1);
  }
  writeUserConfig();
  linkCredentialFolders(homedir());
  compileProjectFile();
  if (rest[0] === 'build:platform') {
    // A clean build each time: Jovo keeps the files of an earlier build otherwise.
    rmSync(join(ROOT, 'build', 'platform.alexa'), { recursive: true, force: true });
  }
  const env = {
    ...process.env,
    HOME: CLI_HOME,
    USERPROFILE: CLI_HOME,
    PATH: [join(ROOT, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(delimiter),
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
