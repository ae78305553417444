import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildLambda, esbuildOptions } from '../scripts/bundle';

/** A Lambda folder as it is deployed: index.js (handler `index.handler`) and whatever ships with it. */
export interface LambdaFolder {
  name: string;
  dir: string;
  /** The bundle's JavaScript: skill.js for the product, index.js for the peer. */
  jsBytes: number;
  /** V8 code cache shipped with it (0: none). */
  cacheBytes: number;
  /** How it was made, for the report: a reader must be able to rebuild it. */
  howBuilt: string;
}

/** The product's artefact, made by the same function as `npm run bundle` (code cache and all). */
export async function buildProductLambda(outDir: string, options: { jwks?: string } = {}): Promise<LambdaFolder> {
  const built = await buildLambda({ outDir, jwks: options.jwks });
  return {
    name: 'C',
    dir: outDir,
    jsBytes: built.jsBytes,
    cacheBytes: built.cacheBytes,
    howBuilt: `npm run bundle -- --code-cache${options.jwks ? ' --jwks <pool JWKS>' : ''}`,
  };
}

/** The ASK SDK peer, bundled with exactly the product's esbuild options into a single index.js. */
export async function buildPeerLambda(outDir: string): Promise<LambdaFolder> {
  const outfile = join(outDir, 'index.js');
  await build(esbuildOptions(join(__dirname, 'peer', 'lambda.ts'), outfile));
  return {
    name: 'P',
    dir: outDir,
    jsBytes: statSync(outfile).size,
    cacheBytes: 0,
    howBuilt: "scripts/bundle.js's esbuildOptions() on bench/peer/lambda.ts",
  };
}
