/**
 * The Jovo packages from their ES module builds (dist/esm2015) instead of their CommonJS builds.
 *
 * Each Jovo package declares `"sideEffects": false`, and esbuild tree-shakes ES modules, so the
 * modules the skill never reaches are left out: above all @jovotech/platform-alexa's output
 * classes for APL, video, audio and the other directives, whose class-validator and
 * class-transformer decorators every cold start would otherwise evaluate. From CommonJS, esbuild
 * must keep and run every module a package's index requires (BENCHMARKS.md has the figures).
 *
 * Those decorators record TypeScript's `design:type` metadata through `Reflect.metadata` when it
 * exists at the moment they run: reflect-metadata must be loaded first. An ES module's imports run
 * before its body, so each Jovo module gets `import 'reflect-metadata'` as its first import.
 */
'use strict';
const fs = require('node:fs');
const { dirname, join } = require('node:path');

const ES_BUILD = join('dist', 'esm2015');

const jovoEsModules = {
  name: 'jovo-es-modules',
  setup(build) {
    build.onResolve({ filter: /^@jovotech\/[^/]+$/ }, (args) => {
      let packageJson;
      try {
        packageJson = require.resolve(`${args.path}/package.json`, { paths: [args.resolveDir] });
      } catch {
        return undefined; // not installed as a package: esbuild's own resolution reports it
      }
      const esIndex = join(dirname(packageJson), ES_BUILD, 'index.js');
      return fs.existsSync(esIndex) ? { path: esIndex } : undefined;
    });
    build.onLoad(
      { filter: /[\\/]node_modules[\\/]@jovotech[\\/][^\\/]+[\\/]dist[\\/]esm2015[\\/].*\.js$/ },
      (args) => ({
        contents: `import 'reflect-metadata';\n${fs.readFileSync(args.path, 'utf8')}`,
        loader: 'js',
        resolveDir: dirname(args.path),
      }),
    );
  },
};

module.exports = { jovoEsModules };
