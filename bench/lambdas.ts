import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { buildLambda } from '../scripts/bundle';

const ROOT = join(__dirname, '..');

/** A Lambda code folder as it is deployed: index.js (handler `index.handler`) and what ships with it. */
export interface LambdaFolder {
  name: 'skill' | 'seed peer' | 'v3 peer';
  dir: string;
  /** JavaScript in the folder, node_modules included. */
  jsBytes: number;
  /** How it was made, for the report. */
  howBuilt: string;
}

/** The skill function's memory size in the deploy's stack. */
export const LAMBDA_MEMORY_MB = 256;

/**
 * The node flags Lambda's bootstrap starts the runtime with for a function of `memoryMb` (its
 * /var/runtime/bootstrap: a tenth of the memory for the young generation, half of that per semi space).
 */
export function lambdaNodeFlags(memoryMb = LAMBDA_MEMORY_MB): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

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
    try {
      const npmArgs = ['install', '--prefix', cache, '--no-save', '--no-package-lock', '--no-audit', '--no-fund'];
      execFileSync('npm', [...npmArgs, 'node@22'], { stdio: 'ignore', timeout: 300_000 });
    } catch {
      return undefined;
    }
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

/** The ASK SDK peer on the AWS SDK v3, bundled as a v3 user would: one minified file, ES module builds. */
export async function v3PeerLambda(dir: string): Promise<LambdaFolder> {
  await build({
    entryPoints: [join(__dirname, 'peer', 'lambdaV3.ts')],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  return { name: 'v3 peer', dir, jsBytes: jsBytes(dir), howBuilt: 'bench/peer/lambdaV3.ts bundled by esbuild' };
}

/**
 * The seed-style peer as Amazon's linked-profile sample ships: its own code in index.js, requiring
 * ask-sdk-core, aws-sdk (v2) and i18next from a node_modules folder next to it, unbundled.
 */
export async function seedPeerLambda(dir: string): Promise<LambdaFolder> {
  await build({
    entryPoints: [join(__dirname, 'peer', 'lambdaSeed.ts')],
    outfile: join(dir, 'index.js'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'warning',
  });
  const { dependencies } = readJson(join(__dirname, 'package.json'));
  const copied = new Set<string>();
  for (const name of Object.keys(dependencies ?? {})) copyPackage(name, __dirname, join(dir, 'node_modules'), copied);
  const howBuilt = `bench/peer/lambdaSeed.ts + node_modules (${copied.size} packages as bench/package.json installs them)`;
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
  const inner = relative(join(ROOT, 'node_modules'), source).startsWith('..')
    ? relative(join(ROOT, 'bench', 'node_modules'), source)
    : relative(join(ROOT, 'node_modules'), source);
  cpSync(source, join(into, inner), {
    recursive: true,
    filter: (path) => !relative(source, path).split('/').includes('node_modules'),
  });
  const pkg = readJson(join(source, 'package.json'));
  const peers = Object.keys(pkg.peerDependencies ?? {}).filter((peer) => !pkg.peerDependenciesMeta?.[peer]?.optional);
  for (const dependency of [...Object.keys(pkg.dependencies ?? {}), ...peers])
    copyPackage(dependency, source, into, copied);
}

interface PackageJson {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
