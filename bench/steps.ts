import { join } from 'node:path';
import { buildLambda, BuildLambdaOptions } from '../scripts/bundle';
import { buildPeerLambda, LambdaFolder } from './bundles';

/**
 * The product's artefact as each build step leaves it (`npm run bench -- --steps`), so the report
 * can say what each step bought, measured in one run against the peer.
 */
export const BUILD_STEPS: { name: string; what: string; options: Omit<BuildLambdaOptions, 'outDir'>; jwks?: true }[] = [
  {
    name: '0 before',
    what: 'one minified file, compiled at start (the bundle before this work)',
    options: { stubs: false, codeCache: false, splitSdk: false },
  },
  {
    name: '1 stubs',
    what: '+ packages a Lambda turn never calls stubbed (scripts/lambda/stubs.js)',
    options: { codeCache: false, splitSdk: false },
  },
  {
    name: '2 code cache',
    what: "+ V8 code cache trained at build time under Lambda's flags",
    options: { splitSdk: false },
  },
  {
    name: '3 SDK file',
    what: '+ AWS SDK in its own file with its own cache, loaded on the first GetUser; https on first use (lazyBuiltins.js)',
    options: {},
  },
  {
    name: '4 JWKS',
    what: "+ the pool's JWKS shipped as jwks.json (what `npm run bundle -- --jwks` ships on the function's Node)",
    options: {},
    jwks: true,
  },
  {
    name: '4 no cache',
    what: "4 without its code caches (npm run bundle on a Node or CPU other than the function's)",
    options: { codeCache: false },
    jwks: true,
  },
  {
    name: '4 refused',
    what: '4 with its caches trained for other node flags (a 1024 MB function): V8 refuses them, as on a Node it was not built with',
    options: { memoryMb: 1024 },
    jwks: true,
  },
  { name: '5 keepNames', what: "4 with esbuild's keepNames (not shipped)", options: { keepNames: true }, jwks: true },
];

export async function buildStepLambdas(outDir: string, jwks: string): Promise<LambdaFolder[]> {
  const lambdas: LambdaFolder[] = [];
  for (const [i, step] of BUILD_STEPS.entries()) {
    const dir = join(outDir, String(i));
    const built = await buildLambda({ outDir: dir, ...step.options, jwks: step.jwks ? jwks : undefined });
    lambdas.push({ name: step.name, dir, jsBytes: built.jsBytes, cacheBytes: built.cacheBytes, howBuilt: step.what });
  }
  lambdas.push(await buildPeerLambda(join(outDir, 'P')));
  return lambdas;
}
