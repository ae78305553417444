/** Types of scripts/bundle.js, for the TypeScript that builds with it (the benchmark and the tests). */
import type { BuildOptions, Metafile } from 'esbuild';

export function buildOptions(outdir: string): BuildOptions;
/** Builds the Lambda code folder into outDir (index.js, cognitoSdk.js, and jwks.json with `jwks`). */
export function buildLambda(options: {
  outDir: string;
  jwks?: string;
}): Promise<{ files: string[]; metafile: Metafile }>;
