#!/usr/bin/env node
/**
 * npm run bundle: the Lambda artefact.
 *   bundle/skill.js   one file, src/server.lambda.ts and everything it needs (the AWS SDK's
 *                     GetUser client included: esbuild turns the literal dynamic import into a
 *                     lazy require inside the bundle), no node_modules needed at run time
 *   bundle/skill.zip  skill.js as index.js (handler `index.handler`), what serverless.yml deploys
 *
 * process.env.JOVO_CLI_RUNTIME is defined as undefined so @jovotech/platform-alexa's CLI part
 * (the Jovo CLI plugin, ~2.4 MB) is dropped as dead code (see the toolchain notes).
 */
'use strict';
const { createWriteStream, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const esbuild = require('esbuild');
const yazl = require('yazl');

const ROOT = join(__dirname, '..');
const OUT_DIR = join(ROOT, 'bundle');
const OUT_JS = join(OUT_DIR, 'skill.js');
const OUT_ZIP = join(OUT_DIR, 'skill.zip');
/** The size the issue asks for; over it the bundle still works, so this only warns. */
const TARGET_BYTES = 1.5 * 1024 * 1024;

function zip(file, nameInZip, outFile) {
  return new Promise((resolve, reject) => {
    const archive = new yazl.ZipFile();
    // A fixed mtime keeps the zip byte-identical for identical code (serverless skips unchanged artefacts).
    archive.addBuffer(readFileSync(file), nameInZip, { mtime: new Date('2020-01-01T00:00:00Z'), mode: 0o100644 });
    archive.end();
    archive.outputStream.pipe(createWriteStream(outFile)).on('close', resolve).on('error', reject);
  });
}

/**
 * The AWS SDK's ES module builds (package.json "module") tree-shake far better than its CommonJS
 * builds (-0.5 MB). Only for @aws-sdk/* and @smithy/*: the Jovo framework's ES builds evaluate
 * class-transformer's decorators before reflect-metadata is loaded, so everything else stays CommonJS.
 */
const awsSdkEsModules = {
  name: 'aws-sdk-es-modules',
  setup(build) {
    build.onResolve({ filter: /^(@(aws-sdk|smithy)\/[^/]+|class-validator)$/ }, (args) => {
      let packageJsonPath;
      try {
        packageJsonPath = require.resolve(`${args.path}/package.json`, { paths: [args.resolveDir] });
      } catch {
        return undefined; // no ./package.json export: esbuild's own resolution (its exports map) decides
      }
      const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
      if (pkg.exports || typeof pkg.module !== 'string') return undefined;
      return { path: join(dirname(packageJsonPath), pkg.module) };
    });
  },
};

/** Bytes in the bundle per npm package (\`npm run bundle -- --analyze\`), largest first. */
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

/**
 * libphonenumber-js (190 KB of phone metadata) is only reached through class-validator's
 * IsPhoneNumber, which neither Jovo nor this skill uses (the framework's CommonJS require of
 * class-validator keeps every validator). Stubbed: a call throws, which isPhoneNumber turns into false.
 */
const noPhoneNumbers = {
  name: 'no-phone-numbers',
  setup(build) {
    build.onResolve({ filter: /^libphonenumber-js(\/.*)?$/ }, () => ({ path: 'libphonenumber-js', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "export function parsePhoneNumber() { throw new Error('phone number validation is not bundled'); }",
      loader: 'js',
    }));
  },
};

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function main() {
  const started = Date.now();
  // Built in a private folder and renamed into place: two runs at once (parallel test files)
  // never see each other's half-written files.
  mkdirSync(OUT_DIR, { recursive: true });
  const work = mkdtempSync(join(OUT_DIR, '.build-'));
  const workJs = join(work, 'skill.js');
  const workZip = join(work, 'skill.zip');
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'server.lambda.ts')],
    plugins: [awsSdkEsModules, noPhoneNumbers],
    outfile: workJs,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    define: { 'process.env.JOVO_CLI_RUNTIME': 'undefined' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  await zip(workJs, 'index.js', workZip);
  renameSync(workJs, OUT_JS);
  renameSync(workZip, OUT_ZIP);
  rmSync(work, { recursive: true, force: true });

  const jsBytes = statSync(OUT_JS).size;
  const zipBytes = statSync(OUT_ZIP).size;
  console.log(`${relative(ROOT, OUT_JS)}  ${mb(jsBytes)} (${jsBytes} bytes)`);
  console.log(`${relative(ROOT, OUT_ZIP)} ${mb(zipBytes)} (${zipBytes} bytes), handler index.handler`);
  console.log(`built in ${Date.now() - started} ms`);
  if (process.argv.includes('--analyze')) console.log(byPackage(result.metafile));
  if (jsBytes > TARGET_BYTES) console.warn(`warning: bundle is over the ${mb(TARGET_BYTES)} target`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
