/** Types of scripts/bundle.js for the TypeScript that builds with it (the benchmark). */
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

/** What esbuildOptions() takes; every default is what ships. */
export interface EsbuildBundleOptions {
  /** Replace what a Lambda turn never calls (scripts/lambda/stubs.js; default true). */
  stubs?: boolean;
  /** esbuild's keepNames (default false). */
  keepNames?: boolean;
  /** The Jovo packages' ES module builds, tree-shaken (default 'es'; scripts/lambda/esModules.js). */
  jovoModules?: 'es' | 'commonjs';
  /** lodash's deep copy and merge keyed by a Map from the start (default true; scripts/lambda/lodashStack.js). */
  lodashMapStack?: boolean;
  /** More esbuild plugins, run before the others (the benchmark's). */
  plugins?: Plugin[];
}

export interface BuildLambdaOptions extends EsbuildBundleOptions {
  outDir: string;
  /** Defaults to src/server.lambda.ts. */
  entry?: string;
  /** A user pool JWKS file, shipped as jwks.json. */
  jwks?: string;
  /** Train and ship skill.cache and cognito-sdk.cache (default true). */
  codeCache?: boolean;
  /** With codeCache: ship cognito-sdk.cache too (default true; false to measure what it buys). */
  sdkCodeCache?: boolean;
  /** Lambda memory size the cache is trained for (default: deploy/template.yaml's). */
  memoryMb?: number;
  /** The AWS SDK in its own file, loaded on the first GetUser (default true). */
  splitSdk?: boolean;
  /** Replace what GetUser never runs in cognito-sdk.js (scripts/lambda/stubs.js; default true). */
  sdkStubs?: boolean;
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
  options?: EsbuildBundleOptions,
): BuildOptions;
export function lambdaNodeFlags(memoryMb: number): string[];
export function lambdaMemoryMb(): number;
/** Whether a code cache made by this Node can be one Lambda accepts (the function's Node major and CPU). */
export function cachePaysInLambda(): { pays: boolean; why: string };
export const TARGET_BYTES: number;
