import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, BuildOptions } from 'esbuild';
import { buildLambda } from '../scripts/bundle';

const ROOT = join(__dirname, '..');

/** A Lambda code folder as deployed (index.js, handler `index.handler`); jsBytes counts node_modules too. */
export type LambdaFolder = { name: 'skill' | 'seed peer' | 'v3 peer'; dir: string; jsBytes: number; howBuilt: string };

/**
 * The node flags Lambda's bootstrap (/var/runtime/bootstrap) starts the runtime with for the skill
 * function's 256 MB (the deploy's stack): a tenth of the memory for the young generation, half of it
 * per semi space.
 */
export const lambdaNodeFlags = (memoryMb = 256): string[] => [
  '--expose-gc',
  '--max-http-header-size=81920',
  `--max-semi-space-size=${Math.floor(memoryMb / 20)}`,
  `--max-old-space-size=${memoryMb - Math.floor(memoryMb / 10)}`,
];

/**
 * Lambda's Node (nodejs22.x), from the npm package `node@22` (a binary inside a registry package),
 * installed once into node_modules/.cache. Undefined when it cannot be had: the run then measures on
 * the running Node and says so.
 */
export function lambdaNode(log: (line: string) => void): string | undefined {
  const cache = join(ROOT, 'node_modules', '.cache', 'bench-node22');
  const binary = join(cache, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(binary)) {
    log('fetching Node 22 (npm package node@22) into node_modules/.cache/bench-node22');
    const npmArgs = ['install', '--prefix', cache, '--no-save', '--no-package-lock', '--no-audit', '--no-fund'];
    spawnSync('npm', [...npmArgs, 'node@22'], { stdio: 'ignore', timeout: 300_000 }); // failing, it leaves no binary
  }
  return existsSync(binary) ? binary : undefined;
}

function jsBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.[cm]?js$/.test(name))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** The skill, built by `npm run bundle` (scripts/bundle.js) with the pool's keys. */
export async function skillLambda(dir: string, jwksFile: string): Promise<LambdaFolder> {
  await buildLambda({ outDir: dir, jwks: jwksFile });
  return { name: 'skill', dir, jsBytes: jsBytes(dir), howBuilt: 'npm run bundle -- --jwks <pool JWKS>' };
}

/** A peer's index.js from bench/peer/<entry>.ts, built for Node 22 as CommonJS. */
const buildPeer = (entry: string, dir: string, options: BuildOptions) =>
  build({
    entryPoints: [join(__dirname, 'peer', `${entry}.ts`)],
    outfile: join(dir, 'index.js'),
    ...{ bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'warning', ...options },
  });

/** The ASK SDK peer on the AWS SDK v3, bundled as a v3 user would: one minified file, ES module builds. */
export async function v3PeerLambda(dir: string): Promise<LambdaFolder> {
  await buildPeer('lambdaV3', dir, { minify: true, mainFields: ['module', 'main'], legalComments: 'none' });
  return { name: 'v3 peer', dir, jsBytes: jsBytes(dir), howBuilt: 'bench/peer/lambdaV3.ts, esbuild --minify' };
}

/**
 * The seed-style peer as Amazon's linked-profile sample ships: its own code in index.js, requiring
 * ask-sdk-core, aws-sdk (v2) and i18next from a node_modules folder next to it, unbundled.
 */
export async function seedPeerLambda(dir: string): Promise<LambdaFolder> {
  await buildPeer('lambdaSeed', dir, { packages: 'external' });
  const copied = new Set<string>();
  const { dependencies = {} } = readJson(join(__dirname, 'package.json'));
  for (const name of Object.keys(dependencies)) copyPackage(name, __dirname, join(dir, 'node_modules'), copied);
  const howBuilt = `bench/peer/lambdaSeed.ts + node_modules (${copied.size} packages, as bench/package.json installs them)`;
  return { name: 'seed peer', dir, jsBytes: jsBytes(dir), howBuilt };
}

/**
 * Copies the installed package `name`, as Node finds it from `from`, and everything it depends on
 * (dependencies and peer dependencies), each to the same place under `into` as under the
 * node_modules it was found in, so that Node resolves every require in the copy as in the project.
 */
function copyPackage(name: string, from: string, into: string, copied: Set<string>): void {
  let dir = from;
  while (!existsSync(join(dir, 'node_modules', name, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (npm ci installs bench/package.json)`);
    dir = dirname(dir);
  }
  const source = join(dir, 'node_modules', name);
  if (copied.has(source)) return;
  copied.add(source);
  // The path below the outermost node_modules: `aws-sdk`, or `aws-sdk/node_modules/uuid`.
  const inner = source.split('/node_modules/').slice(1).join('/node_modules/');
  cpSync(source, join(into, inner), {
    recursive: true,
    filter: (path) => !relative(source, path).split('/').includes('node_modules'),
  });
  const pkg = readJson(join(source, 'package.json'));
  const peers = Object.keys(pkg.peerDependencies ?? {}).filter((peer) => !pkg.peerDependenciesMeta?.[peer]?.optional);
  for (const dependency of [...Object.keys(pkg.dependencies ?? {}), ...peers])
    copyPackage(dependency, source, into, copied);
}

type PackageJson = Record<'dependencies' | 'peerDependencies', Record<string, string> | undefined> & {
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
