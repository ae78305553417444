#!/usr/bin/env node
/**
 * Runs the project's Jovo CLI (the @jovotech/cli devDependency): nothing global, nothing downloaded,
 * no prompt. `node scripts/jovo.js build:platform alexa [--stage dev|prod]`, `deploy:platform alexa`,
 * `deploy:code cloudformation`, `run`; `deploy` alone is the whole deploy (deploy/main.ts).
 *
 * Why a wrapper: @jovotech/cli 4.1.6 loads its command plugins by the ids in ~/.jovo/config, from
 * dirname(<cli>)/<id>; its default ids are scoped, which makes that node_modules/@jovotech/@jovotech/…,
 * nothing is found, and oclif asks "Did you mean …? [y/n]" (CI hangs). So the CLI runs with a HOME
 * of its own, where this script writes ids relative to node_modules/@jovotech. That home lies in
 * the user's cache, outside the project, because it links to the developer's ~/.aws and ~/.ask
 * (where the AWS SDK and the ASK CLI, which Jovo runs as `ask`, find credentials): a zip or copy of
 * the project must never carry them. jovo.project.ts is bundled with the project's own modules into
 * jovo.project.js (the CLI loads it with plain require). The stage goes to it as PROFILE_KEEPER_STAGE:
 * Jovo's own --stage (and NODE_ENV, JOVO_STAGE) would move the output to build/<stage>/.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const { createHash, randomUUID } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { delimiter, dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
const CLI_BIN = join(dirname(require.resolve('@jovotech/cli/package.json', { paths: [ROOT] })), 'bin', 'run');
const CACHE = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
const CLI_HOME = join(CACHE, 'profile-keeper-jovo', createHash('sha256').update(ROOT).digest('hex').slice(0, 12));
const USER_CONFIG = join(CLI_HOME, '.jovo', 'config');

/** The CLI's user config; the webhook uuid names this developer's URL on Jovo's debugger service: kept once made. */
function writeUserConfig() {
  let uuid = randomUUID();
  if (existsSync(USER_CONFIG)) uuid = JSON.parse(readFileSync(USER_CONFIG, 'utf8')).webhook?.uuid ?? uuid;
  const preset = {
    name: 'default',
    projectName: 'profile-keeper',
    locales: ['en'],
    platforms: [],
    language: 'typescript',
  };
  // cli-command-update is listed (and not found) so the CLI does not add it: `jovo update` stays off.
  const plugins = ['build', 'deploy', 'get', 'run']
    .map((id) => `cli-command-${id}`)
    .concat('@jovotech/cli-command-update');
  const config = { webhook: { uuid }, cli: { plugins, presets: [preset] } };
  mkdirSync(dirname(USER_CONFIG), { recursive: true });
  writeFileSync(USER_CONFIG, `${JSON.stringify(config, null, 2)}\n`);
  for (const folder of ['.aws', '.ask']) {
    const [target, link] = [join(homedir(), folder), join(CLI_HOME, folder)];
    if (existsSync(target) && !existsSync(link)) symlinkSync(target, link, 'junction');
  }
}

function main(args) {
  // --stage is ours (see above); every other argument goes to the Jovo CLI as it was given.
  const { values, tokens } = parseArgs({
    args,
    options: { stage: { type: 'string', default: 'dev' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const stageArgs = tokens
    .filter((token) => token.kind === 'option' && token.name === 'stage')
    .flatMap((token) => (token.inlineValue ? [token.index] : [token.index, token.index + 1]));
  const rest = args.filter((_, index) => !stageArgs.includes(index));
  const { stage } = values;
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`--stage must be dev or prod, got "${stage}"`);
  if (rest[0] === 'deploy' && (rest.length === 1 || rest[1].startsWith('-'))) {
    const command = [require.resolve('tsx/cli', { paths: [ROOT] }), join(ROOT, 'deploy', 'main.ts'), ...rest.slice(1)];
    return spawnSync(process.execPath, [...command, '--stage', stage], { stdio: 'inherit' }).status ?? 1;
  }
  writeUserConfig();
  const outfile = join(ROOT, 'jovo.project.js');
  const build = { entryPoints: [join(ROOT, 'jovo.project.ts')], outfile, bundle: true, packages: 'external' };
  require('esbuild').buildSync({ ...build, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' });
  // A clean build each time: Jovo keeps the files of an earlier build otherwise.
  if (rest[0] === 'build:platform') rmSync(join(ROOT, 'build', 'platform.alexa'), { recursive: true, force: true });
  const PATH = [join(ROOT, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(delimiter);
  const env = {
    ...process.env,
    HOME: CLI_HOME,
    USERPROFILE: CLI_HOME,
    PATH,
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
  return result.status ?? 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`scripts/jovo.js: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
