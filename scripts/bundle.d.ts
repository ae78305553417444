/** Types of scripts/bundle.js for the TypeScript that builds with it (the benchmark). */
import type { BuildOptions, Metafile } from 'esbuild';

export interface BuildLambdaOptions {
  outDir: string;
  /** Defaults to src/server.lambda.ts. */
  entry?: string;
  /** A user pool JWKS file, shipped as jwks.json. */
  jwks?: string;
  /** Train and ship skill.cache (default true). */
  codeCache?: boolean;
  /** Lambda memory size the cache is trained for (default: serverless.yml's). */
  memoryMb?: number;
}

export interface BuiltLambda {
  dir: string;
  files: string[];
  jsBytes: number;
  zipBytes: number;
  cacheBytes: number;
  codeCacheFlags: string[];
  metafile: Metafile;
}

export function buildLambda(options: BuildLambdaOptions): Promise<BuiltLambda>;
export function esbuildOptions(entry: string, outfile: string): BuildOptions;
export function lambdaNodeFlags(memoryMb: number): string[];
export function lambdaMemoryMb(): number;
export const TARGET_BYTES: number;
