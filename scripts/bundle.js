#!/usr/bin/env node
/**
 * npm run bundle [-- --out DIR] [--jwks FILE] [--analyze]: the Lambda function's code folder
 * (default bundle/), which needs no node_modules at run time:
 *   index.js       src/server.lambda.ts and all it needs, minified (handler `index.handler`)
 *   cognitoSdk.js  the AWS SDK's Cognito client (src/cognito/cognitoSdk.ts), required by index.js
 *                  on the first GetUser only
 *   jwks.json      with --jwks: the user pool's public keys, so a linked cold start downloads nothing
 *                  (a key id it does not know is still fetched, as after a key rotation)
 * The deploy uses the folder as the function's code.
 * docs/performance.md has what this build costs a cold start, measured against ASK SDK peers.
 */
'use strict';
const fs = require('node:fs');
const { join, relative, resolve } = require('node:path');
const { parseArgs } = require('node:util');
const esbuild = require('esbuild');
const { lambdaStubs, lazyHttpsForJwtVerify } = require('./lambda/stubs');

const ROOT = join(__dirname, '..');

/**
 * @jovotech/platform-alexa declares "sideEffects": false, yet its index module registers
 * `jovo.$alexa` (registerPlatformSpecificJovoReference) when it runs. The skill imports nothing
 * that index defines itself, so esbuild would leave the registration out and `$alexa` would be
 * undefined in the bundle: every user would look unlinked. Only that one module keeps its side effects.
 */
const alexaPlatformRegistration = {
  name: 'alexa-platform-registration',
  setup(build) {
    build.onResolve({ filter: /^@jovotech\/platform-alexa$/ }, async (args) => {
      const { path: name, kind, resolveDir, pluginData } = args;
      if (pluginData === 'resolving') return undefined;
      const { path, errors } = await build.resolve(name, { kind, resolveDir, pluginData: 'resolving' });
      return errors.length > 0 ? { errors } : { path, sideEffects: true };
    });
  },
};

/** The esbuild options of the Lambda build (the tests build with them too). */
function buildOptions(outdir) {
  return {
    entryPoints: {
      index: join(ROOT, 'src', 'server.lambda.ts'),
      // A file of its own, required on the first GetUser: a cold start that needs no GetUser (an
      // unlinked user, a user already known) neither reads nor compiles the SDK.
      cognitoSdk: join(ROOT, 'src', 'cognito', 'cognitoSdk.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node22', // the function's runtime (the deploy's stack)
    format: 'cjs',
    minify: true,
    // ES module builds first (the Jovo packages' "es2015", the AWS SDK's "module"): esbuild
    // tree-shakes them and leaves out the modules nothing reaches ("sideEffects": false), above all
    // Jovo's output classes for APL, audio and video, whose decorators every cold start would run.
    // Those decorators record type metadata only if reflect-metadata is loaded first (server.lambda.ts).
    mainFields: ['es2015', 'module', 'main'],
    // cognitoUserClient.ts's import('./cognitoSdk') stays a require of the file next to index.js...
    external: ['./cognitoSdk'],
    // ...and a require, not an import(): the files are CommonJS, and import() would start Node's ES
    // module loader.
    supported: { 'dynamic-import': false },
    // @jovotech/platform-alexa's Jovo CLI plugin (~2.4 MB) becomes dead code.
    define: { 'process.env.JOVO_CLI_RUNTIME': 'undefined' },
    plugins: [alexaPlatformRegistration, lambdaStubs(), lazyHttpsForJwtVerify],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
}

function checkJwks(file) {
  const jwks = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0 || jwks.keys.some((key) => !key.kid || !key.n)) {
    throw new Error(`${file} is not a user pool JWKS ({"keys": [{"kid", "n", "e", ...}]})`);
  }
  if (jwks.keys.some((key) => key.d || key.p)) throw new Error(`${file} holds a private key: refusing to ship it`);
}

/** Bytes of JavaScript per npm package (`--analyze`), largest first. */
function byPackage(metafile) {
  const sizes = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)(?!.*node_modules)/.exec(file)?.[1] ?? file.split('/')[0];
      sizes[name] = (sizes[name] ?? 0) + bytesInOutput;
    }
  }
  return Object.entries(sizes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([name, bytes]) => `${(bytes / 1024).toFixed(1).padStart(8)} KB  ${name}`)
    .join('\n');
}

/**
 * Builds the code folder into `outDir`: in a private folder next to it, then moved into place, so
 * two runs at once never see each other's half-written files.
 */
async function buildLambda({ outDir, jwks }) {
  if (jwks) checkJwks(jwks);
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(join(outDir, '.build-'));
  try {
    const { metafile } = await esbuild.build(buildOptions(work));
    if (jwks) fs.copyFileSync(jwks, join(work, 'jwks.json'));
    const files = ['index.js', 'cognitoSdk.js', ...(jwks ? ['jwks.json'] : [])];
    for (const name of ['index.js', 'cognitoSdk.js', 'jwks.json']) {
      if (fs.existsSync(join(work, name))) fs.renameSync(join(work, name), join(outDir, name));
      else fs.rmSync(join(outDir, name), { force: true }); // no keys left from an earlier build
    }
    return { files, metafile };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(argv) {
  const started = Date.now();
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, jwks: { type: 'string' }, analyze: { type: 'boolean' } },
  });
  const outDir = resolve(values.out ?? join(ROOT, 'bundle'));
  const built = await buildLambda({ outDir, jwks: values.jwks && resolve(values.jwks) });
  const size = (name) => `${name} ${(fs.statSync(join(outDir, name)).size / 1024).toFixed(1)} KB`;
  console.log(`${relative(process.cwd(), outDir) || '.'}/  ${built.files.map(size).join(', ')}`);
  console.log(`handler index.handler; built in ${Date.now() - started} ms`);
  if (values.analyze) console.log(byPackage(built.metafile));
}

module.exports = { buildOptions, buildLambda };

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
