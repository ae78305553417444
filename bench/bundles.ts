import { build, BuildOptions } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

export interface BundleInfo {
  name: string;
  path: string;
  bytes: number;
  /** How it was made, for the report: a reader must be able to rebuild it. */
  howBuilt: string;
}

/** esbuild with its defaults for a Node program: what "a plain esbuild bundle" means here. */
const PLAIN: BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' };

/** The options that leave the Alexa CLI code out (toolchain notes), as the skill's own bundle does. */
const TUNED: BuildOptions = { ...PLAIN, define: { 'process.env.JOVO_CLI_RUNTIME': 'undefined' } };

function describe(options: BuildOptions): string {
  const flags = ['--bundle', '--platform=node', '--target=node20', '--format=cjs'];
  for (const [key, value] of Object.entries(options.define ?? {})) flags.push(`--define:${key}=${value}`);
  if (options.minify) flags.push('--minify');
  return `esbuild ${flags.join(' ')}`;
}

async function bundle(name: string, entry: string, outfile: string, options: BuildOptions): Promise<BundleInfo> {
  await build({ ...options, entryPoints: [entry], outfile });
  return { name, path: outfile, bytes: statSync(outfile).size, howBuilt: describe(options) };
}

/**
 * The Jovo template app bundled twice: plainly (the baseline) and with the same options as
 * the skill's bundle (so the difference between the two apps alone is visible too).
 */
export async function buildTemplateBundles(outDir: string): Promise<{ plain: BundleInfo; tuned: BundleInfo }> {
  const entry = join(ROOT, 'bench', 'template', 'server.lambda.ts');
  return {
    plain: await bundle('template (plain esbuild)', entry, join(outDir, 'template-plain', 'index.js'), PLAIN),
    tuned: await bundle('template (skill options)', entry, join(outDir, 'template-tuned', 'index.js'), TUNED),
  };
}

function hasBundleScript(): boolean {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return Boolean(pkg.scripts?.bundle);
}

function findBundledHandler(): string | undefined {
  const dir = join(ROOT, 'bundle');
  if (!existsSync(dir)) return undefined;
  const candidates = readdirSync(dir).filter((file) => /\.c?js$/.test(file));
  const preferred = candidates.find((file) => /^(index|server\.lambda|handler)\.c?js$/.test(file)) ?? candidates[0];
  return preferred ? join(dir, preferred) : undefined;
}

/**
 * The skill's deployable bundle, made by the project's own `npm run bundle` (so the figure is of
 * what ships). Until that script exists, the bench builds one itself with the documented options.
 */
export async function skillBundle(outDir: string, options: { rebuild: boolean }): Promise<BundleInfo> {
  if (hasBundleScript()) {
    if (options.rebuild || !findBundledHandler()) {
      execFileSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const path = findBundledHandler();
    if (path) return { name: 'skill C (npm run bundle)', path, bytes: statSync(path).size, howBuilt: 'npm run bundle' };
  }
  const entry = join(ROOT, 'src', 'server.lambda.ts');
  const info = await bundle('skill C (bench-built)', entry, join(outDir, 'skill', 'index.js'), TUNED);
  return { ...info, howBuilt: `${info.howBuilt} (no usable "npm run bundle" yet)` };
}
