#!/usr/bin/env node
/**
 * npm run bundle [-- --out DIR] [--jwks FILE|URL] [--code-cache | --no-code-cache] [--analyze]: the
 * Lambda artefact. In DIR (default bundle/):
 *   index.js           the entry point, handler `index.handler` (scripts/lambda/index.js)
 *   skill.js           src/server.lambda.ts and everything it needs but the AWS SDK, one minified
 *                      file, no node_modules needed at run time: the Jovo packages from their ES
 *                      module builds (lambda/esModules.js), lodash's copy cache keyed by a Map
 *                      (lambda/lodashStack.js), what a turn never calls stubbed (lambda/stubs.js)
 *   cognito-sdk.js     the AWS SDK's Cognito client, loaded on the first GetUser only, without what
 *                      GetUser never runs (lambda/stubs.js: credential chain, web streams)
 *   *.cache            V8's code cache of each, made by a training run under Lambda's node flags
 *                      (scripts/lambda/trainCodeCache.js). V8 accepts it only from the same Node
 *                      build, so it is made by default only on the Node major and CPU architecture of
 *                      deploy/function.json's function; --code-cache makes it anyway (to run here)
 *   jwks.json          with --jwks: the user pool's public keys (a file, or the pool's https JWKS
 *                      URL), so a linked cold start downloads nothing; an unknown key id is still fetched
 *   skill.zip          all of the above, what the deploy uploads (deploy/function.json, index.handler)
 *
 * process.env.JOVO_CLI_RUNTIME is defined as undefined so @jovotech/platform-alexa's CLI part
 * (the Jovo CLI plugin, ~2.4 MB) is dropped as dead code (see the toolchain notes). BENCHMARKS.md
 * says what each part of this build buys (`npm run bench -- --steps`).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const { join, relative, resolve } = require('node:path');
const esbuild = require('esbuild');
const yazl = require('yazl');
const { SDK_CHUNK, sdkAsChunk, sdkChunkInput, sdkNamesMissing } = require('./lambda/sdkChunk');
const { lambdaStubs, sdkChunkStubs, SDK_CHUNK_INJECT } = require('./lambda/stubs');
const { lazyBuiltins } = require('./lambda/lazyBuiltins');
const { awsSdkEsModules, jovoEsModules } = require('./lambda/esModules');
const { lodashStackAsMap } = require('./lambda/lodashStack');

const ROOT = join(__dirname, '..');
const ENTRY = join(ROOT, 'src', 'server.lambda.ts');
/** The size asked of the bundle, read strictly: 1,000,000 bytes. Over it the bundle still works. */
const TARGET_BYTES = 1_000_000;

/**
 * The esbuild options of the skill's bundle, for any Lambda entry point (the benchmark bundles its
 * ASK SDK peer with exactly these). `keepNames` is off: every error class the skill logs carries a
 * literal `name`, so logs stay readable at no cost (BENCHMARKS.md has the measurement). The other
 * options exist to measure what each part buys or costs (`npm run bench -- --steps`): `stubs: false`
 * (with buildLambda: no lazy built-ins either), `jovoModules: 'commonjs'` (the Jovo packages'
 * CommonJS builds, scripts/lambda/esModules.js), `lodashMapStack: false` (lodash as published,
 * scripts/lambda/lodashStack.js), `keepNames: true`.
 */
function esbuildOptions(
  entry,
  outfile,
  { stubs = true, keepNames = false, jovoModules = 'es', lodashMapStack = true, plugins = [] } = {},
) {
  return {
    entryPoints: [entry],
    plugins: [
      ...plugins,
      ...(jovoModules === 'es' ? [jovoEsModules] : []),
      ...(lodashMapStack ? [lodashStackAsMap] : []),
      awsSdkEsModules,
      // Without `stubs`, only libphonenumber-js is stubbed: the bundle as it was before the others.
      stubs ? lambdaStubs() : lambdaStubs(['libphonenumber-js']),
    ],
    keepNames,
    outfile,
    bundle: true,
    platform: 'node',
    // The function's runtime (deploy/function.json, nodejs22.x). Nothing Node 22 parses is new to
    // Node 20, so the same files run in the tests and the benchmark on either.
    target: `node${lambdaFunction().nodeMajor}`,
    format: 'cjs',
    minify: true,
    define: { 'process.env.JOVO_CLI_RUNTIME': 'undefined' },
    // `import('node:http')` (the AWS SDK's HTTP handler) becomes a require: index.js compiles
    // skill.js as a vm.Script, where import() needs an experimental loader hook.
    supported: { 'dynamic-import': false },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
}

/**
 * The node flags Lambda's bootstrap starts the runtime with for a function of `memoryMb` (its
 * /var/runtime/bootstrap: a tenth of the memory for the young generation, half of that per semi
 * space). V8 refuses a code cache made under other flags, so the training run uses these.
 */
function lambdaNodeFlags(memoryMb) {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

/**
 * The skill function as deploy/function.json declares it (the one place it is set): memory size,
 * runtime and CPU architecture.
 */
function lambdaFunction() {
  const { memoryMb, runtime, architecture } = require('../deploy/function.json');
  const nodeMajor = Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]);
  return { memoryMb, nodeMajor, architecture: { arm64: 'arm64', x86_64: 'x64' }[architecture] };
}

function lambdaMemoryMb() {
  return lambdaFunction().memoryMb;
}

/**
 * Whether a code cache made by this Node can be one Lambda accepts: the runtime's Node major and
 * CPU architecture. Otherwise V8 would refuse it in Lambda, and shipping it only costs reading it.
 */
function cachePaysInLambda() {
  const target = lambdaFunction();
  const here = { nodeMajor: Number(process.versions.node.split('.')[0]), architecture: process.arch };
  return {
    pays: here.nodeMajor === target.nodeMajor && here.architecture === target.architecture,
    why: `Lambda runs Node ${target.nodeMajor} on ${target.architecture}, this is Node ${process.version} on ${process.arch}`,
  };
}

function checkJwks(file) {
  const jwks = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0 || jwks.keys.some((key) => !key.kid || !key.n)) {
    throw new Error(`${file} is not a user pool JWKS ({"keys": [{"kid", "n", "e", ...}]})`);
  }
  if (jwks.keys.some((key) => key.d || key.p)) throw new Error(`${file} holds a private key: refusing to ship it`);
}

function zip(dir, names, outFile) {
  return new Promise((resolvePromise, reject) => {
    const archive = new yazl.ZipFile();
    // A fixed mtime keeps the zip byte-identical for identical code (the deploy names it by its hash).
    for (const name of names) {
      archive.addBuffer(fs.readFileSync(join(dir, name)), name, {
        mtime: new Date('2020-01-01T00:00:00Z'),
        mode: 0o100644,
      });
    }
    archive.end();
    archive.outputStream.pipe(fs.createWriteStream(outFile)).on('close', resolvePromise).on('error', reject);
  });
}

/** Bytes in the bundle per npm package (`npm run bundle -- --analyze`), largest first. */
function byPackage(metafile) {
  const sizes = {};
  for (const [file, { bytesInOutput }] of Object.entries(Object.values(metafile.outputs)[0].inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)(?!.*node_modules)/.exec(file);
    const name = match ? match[1] : file.split('/').slice(0, 2).join('/');
    sizes[name] = (sizes[name] ?? 0) + bytesInOutput;
  }
  return Object.entries(sizes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([name, bytes]) => `${(bytes / 1024).toFixed(1).padStart(8)} KB  ${name}`)
    .join('\n');
}

/** The function Node wraps a CommonJS file in; index.js compiles the file as it is (see there). */
function wrapAsCommonJs(file) {
  const code = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, `(function (exports, require, module, __filename, __dirname) { ${code}\n});`);
}

async function buildScripts(entry, work, { splitSdk, sdkStubs, ...options }) {
  const main = esbuildOptions(entry, join(work, 'skill.js'), options);
  const inputs = (result) => Object.values(result.metafile.outputs)[0].inputs;
  // With the SDK in its own file, skill.js itself needs https only for a JWKS download.
  const lazy = splitSdk && options.stubs ? [sdkAsChunk, lazyBuiltins] : splitSdk ? [sdkAsChunk] : [];
  const plugins = [...lazy, ...main.plugins];
  const skill = await esbuild.build({ ...main, plugins });
  wrapAsCommonJs(join(work, 'skill.js'));
  if (!splitSdk) return { metafile: { inputs: {}, outputs: { all: { inputs: inputs(skill) } } } };
  const missing = sdkNamesMissing(join(work, 'skill.js'), ROOT);
  if (missing.length > 0) {
    throw new Error(`the skill uses ${missing.join(', ')} from the AWS SDK: add it to scripts/lambda/sdkChunk.js`);
  }
  // The chunk's stubs resolve before awsSdkEsModules would resolve the real package.
  const sdkPlugins = [...(sdkStubs ? [sdkChunkStubs()] : []), ...(options.plugins ?? [])];
  const sdk = await esbuild.build({
    ...esbuildOptions(undefined, join(work, `${SDK_CHUNK}.js`), { ...options, plugins: sdkPlugins }),
    entryPoints: undefined,
    stdin: sdkChunkInput(ROOT),
    inject: sdkStubs ? SDK_CHUNK_INJECT : [],
  });
  wrapAsCommonJs(join(work, `${SDK_CHUNK}.js`));
  return { metafile: { inputs: {}, outputs: { all: { inputs: { ...inputs(skill), ...inputs(sdk) } } } } };
}

const SCRIPTS = ['skill', SDK_CHUNK];
const ALL_FILES = ['index.js', ...SCRIPTS.flatMap((name) => [`${name}.js`, `${name}.cache`]), 'jwks.json', 'skill.zip'];

/**
 * Builds the Lambda folder and its zip into `outDir`. Built in a private folder next to it and
 * moved into place, so two runs at once never see each other's half-written files.
 */
async function buildLambda({
  outDir,
  entry = ENTRY,
  jwks,
  codeCache = true,
  sdkCodeCache = true,
  memoryMb = lambdaMemoryMb(),
  splitSdk = true,
  stubs = true,
  sdkStubs = true,
  jovoModules = 'es',
  lodashMapStack = true,
  keepNames = false,
  plugins = [],
}) {
  if (jwks) checkJwks(jwks);
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(join(outDir, '.build-'));
  try {
    const { metafile } = await buildScripts(entry, work, {
      splitSdk,
      sdkStubs,
      stubs,
      keepNames,
      jovoModules,
      lodashMapStack,
      plugins,
    });
    fs.copyFileSync(join(__dirname, 'lambda', 'index.js'), join(work, 'index.js'));
    if (codeCache) {
      // Its own process: the cache must be made under Lambda's flags, from a fresh V8. Its output
      // (the AWS SDK's Node version notice) only matters when it fails.
      const training = spawnSync(
        process.execPath,
        [...lambdaNodeFlags(memoryMb), join(__dirname, 'lambda', 'trainCodeCache.js'), work],
        {
          encoding: 'utf8',
        },
      );
      if (training.status !== 0) throw new Error(`code cache training failed:\n${training.stdout}${training.stderr}`);
      if (!sdkCodeCache) fs.rmSync(join(work, `${SDK_CHUNK}.cache`), { force: true });
    }
    if (jwks) fs.copyFileSync(jwks, join(work, 'jwks.json'));
    const files = ALL_FILES.filter((name) => name !== 'skill.zip' && fs.existsSync(join(work, name)));
    await zip(work, files, join(work, 'skill.zip'));
    for (const name of ALL_FILES) {
      if (fs.existsSync(join(work, name))) fs.renameSync(join(work, name), join(outDir, name));
      else fs.rmSync(join(outDir, name), { force: true }); // no stale cache or keys from an earlier build
    }
    const size = (name) => (fs.existsSync(join(outDir, name)) ? fs.statSync(join(outDir, name)).size : 0);
    return {
      dir: outDir,
      files,
      jsBytes: SCRIPTS.reduce((sum, name) => sum + size(`${name}.js`), 0),
      skillBytes: size('skill.js'),
      cacheBytes: SCRIPTS.reduce((sum, name) => sum + size(`${name}.cache`), 0),
      zipBytes: size('skill.zip'),
      codeCacheFlags: codeCache ? lambdaNodeFlags(memoryMb) : [],
      metafile,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function option(argv, name) {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** `--jwks` names a file, or the pool's https URL (https://cognito-idp.<region>.amazonaws.com/<pool id>/.well-known/jwks.json). */
async function jwksFile(value, outDir) {
  if (!/^https:\/\//.test(value)) return { file: resolve(value), cleanUp: () => undefined };
  const response = await fetch(value, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${value}: HTTP ${response.status}`);
  const dir = fs.mkdtempSync(join(outDir, '.jwks-'));
  fs.writeFileSync(join(dir, 'jwks.json'), await response.text());
  return { file: join(dir, 'jwks.json'), cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function main(argv) {
  const started = Date.now();
  const outDir = resolve(option(argv, 'out') ?? join(ROOT, 'bundle'));
  fs.mkdirSync(outDir, { recursive: true });
  const jwksOption = option(argv, 'jwks');
  const jwks = jwksOption ? await jwksFile(jwksOption, outDir) : undefined;
  // The code cache by default only where Lambda can use it; --code-cache also elsewhere (to run
  // the artefact on this machine, as the benchmark does), --no-code-cache never.
  const lambda = cachePaysInLambda();
  const codeCache = argv.includes('--code-cache') || (lambda.pays && !argv.includes('--no-code-cache'));
  const built = await buildLambda({ outDir, jwks: jwks?.file, codeCache }).finally(() => jwks?.cleanUp());
  const where = relative(process.cwd(), outDir) || '.';
  const size = (name) => `${name} ${mb(fs.statSync(join(outDir, name)).size)}`;
  console.log(`${where}/  ${built.files.map(size).join(', ')}`);
  console.log(
    `JavaScript ${built.jsBytes} bytes (skill.js ${built.skillBytes}, ${SDK_CHUNK}.js loaded on the first GetUser)`,
  );
  if (built.cacheBytes) {
    console.log(
      `code caches: V8 ${process.versions.v8} (Node ${process.version}, ${process.arch}), flags ${built.codeCacheFlags.join(' ')}; ` +
        'V8 uses them only under this Node build and these flags',
    );
  } else if (!argv.includes('--no-code-cache')) {
    console.log(`no code cache: ${lambda.why}, so Lambda would refuse one made here (--code-cache makes it anyway)`);
  }
  console.log(`${where}/skill.zip ${mb(built.zipBytes)}, handler index.handler; built in ${Date.now() - started} ms`);
  if (argv.includes('--analyze')) console.log(byPackage(built.metafile));
  if (built.jsBytes > TARGET_BYTES) console.warn(`warning: the JavaScript is over the ${TARGET_BYTES} bytes target`);
}

module.exports = { buildLambda, esbuildOptions, lambdaNodeFlags, lambdaMemoryMb, cachePaysInLambda, TARGET_BYTES };

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
