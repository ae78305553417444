/**
 * Packages taken from their ES module builds instead of their CommonJS builds: esbuild tree-shakes
 * ES modules, and drops whole modules of a package that declares `"sideEffects": false`, where from
 * CommonJS it must keep and run every module a package's index requires (BENCHMARKS.md has the
 * figures). Everything else stays CommonJS.
 */
'use strict';
const fs = require('node:fs');
const { dirname, join } = require('node:path');

/**
 * The AWS SDK's ES module builds (package.json "module") tree-shake far better than its CommonJS
 * builds (-0.5 MB), and class-validator's lets esbuild drop the validators Jovo never declares.
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
      const pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
      if (pkg.exports || typeof pkg.module !== 'string') return undefined;
      return { path: join(dirname(packageJsonPath), pkg.module) };
    });
  },
};

const ES_BUILD = join('dist', 'esm2015');

/**
 * The Jovo packages from their ES module builds (dist/esm2015). Each declares `"sideEffects": false`,
 * so the modules the skill never reaches are left out: above all @jovotech/platform-alexa's output
 * classes for APL, video, audio and the other directives, whose class-validator and
 * class-transformer decorators every cold start would otherwise evaluate.
 *
 * Those decorators record TypeScript's `design:type` metadata through `Reflect.metadata` when it
 * exists at the moment they run: reflect-metadata must be loaded first. An ES module's imports run
 * before its body, so each Jovo module gets `import 'reflect-metadata'` as its first import.
 */
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

module.exports = { awsSdkEsModules, jovoEsModules };
