import type { Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLambda, BuildLambdaOptions } from '../scripts/bundle';
import { buildPeerLambda, LambdaFolder } from './bundles';

/** The statement of src/app.ts that keeps the i18n plugin out of Jovo's per-request copy of the app. */
const I18N_OUT_OF_COPY = "Object.defineProperty(this, 'i18n', { enumerable: false });";

/**
 * src/app.ts without that statement, for the artefacts before the step that added it: the only
 * source change among the steps, undone at build time so that every row is built from one tree.
 */
const i18nInRequestCopy: Plugin = {
  name: 'i18n-in-request-copy',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]app\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(I18N_OUT_OF_COPY)) throw new Error(`${args.path} no longer says ${I18N_OUT_OF_COPY}`);
      return { contents: source.replace(I18N_OUT_OF_COPY, ''), loader: 'ts' };
    });
  },
};

/** Before step 5: the Jovo packages' CommonJS builds, the whole SDK client, lodash and the app copy as they were. */
const BEFORE_5 = {
  jovoModules: 'commonjs',
  sdkStubs: false,
  lodashMapStack: false,
  plugins: [i18nInRequestCopy],
} as const;
const BEFORE_7 = { lodashMapStack: false, plugins: [i18nInRequestCopy] } as const;

type StepOptions = Omit<BuildLambdaOptions, 'outDir' | 'plugins'> & { plugins?: readonly Plugin[] };

/**
 * The product's artefact as each build step leaves it (`npm run bench -- --steps`), so the report
 * can say what each step bought, measured in one run against the peer.
 */
export const BUILD_STEPS: { name: string; what: string; options: StepOptions; jwks?: true }[] = [
  {
    name: '0 before',
    what: 'one minified file, compiled at start (the bundle before this work)',
    options: { ...BEFORE_5, stubs: false, codeCache: false, splitSdk: false },
  },
  {
    name: '1 stubs',
    what: '+ packages a Lambda turn never calls stubbed (scripts/lambda/stubs.js)',
    options: { ...BEFORE_5, codeCache: false, splitSdk: false },
  },
  {
    name: '2 code cache',
    what: "+ V8 code cache trained at build time under Lambda's flags",
    options: { ...BEFORE_5, splitSdk: false },
  },
  {
    name: '3 SDK file',
    what: '+ AWS SDK in its own file with its own cache, loaded on the first GetUser; https on first use (lazyBuiltins.js)',
    options: BEFORE_5,
  },
  {
    name: '4 JWKS',
    what: "+ the pool's JWKS shipped as jwks.json (what `npm run bundle -- --jwks` ships on the function's Node)",
    options: BEFORE_5,
    jwks: true,
  },
  {
    name: '5 Jovo ES',
    what: "+ the Jovo packages' ES module builds, tree-shaken (scripts/lambda/esModules.js)",
    options: { ...BEFORE_5, jovoModules: 'es' },
    jwks: true,
  },
  {
    name: '6 no credentials',
    what: '+ in cognito-sdk.js, what GetUser never runs stubbed: the credential provider chain (GetUser is noAuth), the global ReadableStream',
    options: BEFORE_7,
    jwks: true,
  },
  {
    name: '7 light copy',
    what: "+ Jovo's per-request app copy without the i18n plugin (src/app.ts), lodash's cache keyed by a Map (lodashStack.js): what ships",
    options: {},
    jwks: true,
  },
  {
    name: '7 i18n only',
    what: '6 with the i18n plugin out of the copy, lodash as published',
    options: { lodashMapStack: false },
    jwks: true,
  },
  {
    name: '7 lodash only',
    what: "6 with lodash's cache keyed by a Map, the i18n plugin still copied",
    options: { plugins: [i18nInRequestCopy] },
    jwks: true,
  },
  {
    name: '7 no SDK cache',
    what: '7 with skill.cache only: cognito-sdk.js compiled on the first GetUser',
    options: { sdkCodeCache: false },
    jwks: true,
  },
  {
    name: '7 no cache',
    what: "7 without its code caches (npm run bundle on a Node or CPU other than the function's)",
    options: { codeCache: false },
    jwks: true,
  },
  {
    name: '7 refused',
    what: '7 with its caches trained for other node flags (a 1024 MB function): V8 refuses them, as on a Node it was not built with',
    options: { memoryMb: 1024 },
    jwks: true,
  },
  { name: '8 keepNames', what: "7 with esbuild's keepNames (not shipped)", options: { keepNames: true }, jwks: true },
];

export async function buildStepLambdas(outDir: string, jwks: string): Promise<LambdaFolder[]> {
  const lambdas: LambdaFolder[] = [];
  for (const [i, step] of BUILD_STEPS.entries()) {
    const dir = join(outDir, String(i));
    const { plugins, ...options } = step.options;
    const built = await buildLambda({
      outDir: dir,
      ...options,
      plugins: plugins ? [...plugins] : [],
      jwks: step.jwks ? jwks : undefined,
    });
    lambdas.push({ name: step.name, dir, jsBytes: built.jsBytes, cacheBytes: built.cacheBytes, howBuilt: step.what });
  }
  lambdas.push(await buildPeerLambda(join(outDir, 'P')));
  return lambdas;
}
