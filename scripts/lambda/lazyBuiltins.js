/**
 * Node built-ins that skill.js would load at start but uses only later, made lazy: the module is
 * required on first use of one of its properties.
 *
 * https (with tls, net and http under it, ~4.5 ms and ~1 MB of a cold start): aws-jwt-verify
 * imports it at load for its JWKS download, which a container with the shipped jwks.json never
 * makes, and an unlinked user never needs.
 */
'use strict';

const LAZY = ['https'];

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(node:)?(${LAZY.join('|')})$`) }, (args) => ({
      path: args.path.replace(/^node:/, ''),
      namespace: 'lazy-builtin',
    }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let loaded;
        module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require('node:${args.path}'))[key] });`,
      loader: 'js',
    }));
  },
};

module.exports = { lazyBuiltins };
