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
  /** The AWS SDK in its own file, loaded on the first GetUser (default true). */
  splitSdk?: boolean;
  /** Replace what a Lambda turn never calls (scripts/lambda/stubs.js; default true). */
  stubs?: boolean;
  /** esbuild's keepNames (default false). */
  keepNames?: boolean;
}

export interface BuiltLambda {
  dir: string;
  files: string[];
  /** skill.js and cognito-sdk.js together. */
  jsBytes: number;
  skillBytes: number;
  zipBytes: number;
  cacheBytes: number;
  codeCacheFlags: string[];
  metafile: Metafile;
}

export function buildLambda(options: BuildLambdaOptions): Promise<BuiltLambda>;
export function esbuildOptions(
  entry: string | undefined,
  outfile: string,
  options?: { stubs?: boolean; keepNames?: boolean },
): BuildOptions;
export function lambdaNodeFlags(memoryMb: number): string[];
export function lambdaMemoryMb(): number;
/** Whether a code cache made by this Node can be one Lambda accepts (the function's Node major and CPU). */
export function cachePaysInLambda(): { pays: boolean; why: string };
export const TARGET_BYTES: number;
