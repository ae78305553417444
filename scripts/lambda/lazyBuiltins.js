/**
 * Node's https, loaded on first use instead of when skill.js starts (~4.5 ms and ~1 MB of every
 * cold start: tls, net and http come with it). aws-jwt-verify imports it for its JWKS download,
 * which a container with the shipped jwks.json never makes and an unlinked user never needs;
 * cognito-sdk.js, loaded for GetUser, has its own.
 *
 * The stand-in exports what the bundle imports from https (`request`, aws-jwt-verify's only use)
 * as functions that load the module when called; the build fails if anything imports another name.
 */
'use strict';

const LAZY_EXPORTS = { https: ['request', 'get'] };

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?https$/ }, (args) =>
      // The stand-in's own require is Node's module.
      args.namespace === 'lazy-builtin' ? undefined : { path: 'https', namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: LAZY_EXPORTS[args.path]
        .map((name) => `export function ${name}(...args) { return require('node:${args.path}').${name}(...args); }`)
        .join('\n'),
      loader: 'js',
    }));
  },
};

module.exports = { lazyBuiltins };
