#!/usr/bin/env node
// `cognito-local [add-user] [flags]` (src/cli.ts), started fast: the TypeScript sources are bundled once
// with esbuild into node_modules/.cache/cognito-local/ (a tool cache that a clean install wipes) and
// rebuilt only when a source is newer than the bundle; plain Node then starts in ~0.3 s, where a
// TypeScript loader (tsx, ts-node) would add ~1 s to every start.
'use strict';
// `add-user` talks through the AWS SDK, which prints an eight-line Node 22 notice on Node 20: its own switch.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { renameSync, statSync, readdirSync } = require('node:fs');
const { join, resolve } = require('node:path');

const packageDir = resolve(__dirname, '..');
const bundle = join(packageDir, 'node_modules', '.cache', 'cognito-local', 'cli.js');
const src = join(packageDir, 'src');
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const builtAt = mtime(bundle);
if ([...readdirSync(src).map((name) => join(src, name)), __filename].some((file) => mtime(file) > builtAt)) {
  require('esbuild').buildSync({
    entryPoints: [join(src, 'cli.ts')],
    // Written aside, then renamed: a command started at the same moment never reads half a bundle.
    outfile: `${bundle}.${process.pid}`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    // Error classes name the Cognito error on the wire (`__type`): a renamed class would change it.
    keepNames: true,
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  renameSync(`${bundle}.${process.pid}`, bundle);
}
process.setSourceMapsEnabled(true);
require(bundle);
