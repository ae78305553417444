/**
 * Packages the skill's bundle loads at start but a Lambda turn of this skill never runs, each
 * replaced by a small module of the same shape: every cold start would otherwise read, compile and
 * run them (docs/performance.md). A stub that can be called throws NotInLambdaBundleError, naming
 * what is missing; test/deploy/bundleStubs.test.ts runs every request type to prove none is reached.
 */
'use strict';

/** The error of every stub, a module of its own so that each stub imports the one class. */
const ERROR_MODULE = `class NotInLambdaBundleError extends Error {
  constructor(what) {
    super(what + ' is not in the Lambda bundle (scripts/lambda/stubs.js)');
    this.name = 'NotInLambdaBundleError';
  }
}
module.exports = { NotInLambdaBundleError };`;

const notBundled = (what) => `throw new (require('lambda-stub:error').NotInLambdaBundleError)(${JSON.stringify(what)})`;

const STUBS = [
  {
    // Jovo's HTTP client for Alexa's own APIs (progressive responses, customer profile), with
    // form-data, mime-types and mime-db: ~250 KB compiled at every start. This skill calls none of
    // those APIs; its one network call is GetUser, through the AWS SDK.
    filter: /^axios$/,
    contents: `const axios = function axios() { ${notBundled('axios')} };
      axios.request = axios;
      module.exports = axios;`,
  },
  {
    // Jovo calls install() at start; the hook it installs looks for source maps on every error, and
    // the Lambda ships none. Saves loading source-map-support and the source-map package.
    filter: /^source-map-support$/,
    contents: 'module.exports = { install() {} };',
  },
  {
    // Terminal colours for Jovo's console logger, which this app never logs through (its error
    // handler replaces Jovo's, request logging is off); without a TTY chalk adds none anyway. Text
    // passes through unchanged. Saves chalk and its colour-support probing of the terminal.
    filter: /^chalk$/,
    contents: `const plain = new Proxy(function chalk(...text) { return text.join(' '); }, {
        get: (target, key) => (typeof key === 'string' && !(key in Function.prototype) ? plain : target[key]),
      });
      module.exports = plain;`,
  },
  {
    // The AWS SDK's default credential chain (environment, ini files, SSO, process, web identity,
    // ECS and EC2 metadata) with the STS and SSO clients it uses: ~140 KB. GetUser is unauthenticated
    // (its auth scheme is smithy.api#noAuth): the client makes a provider but never calls it.
    filter: /^@aws-sdk\/credential-provider-node$/,
    contents: `export function defaultProvider() {
        return async function awsCredentialsNotBundled() { ${notBundled('the AWS credential provider chain')} };
      }`,
  },
];

/** The esbuild plugin that resolves each import a stub matches to that stub. */
function lambdaStubs(stubs = STUBS) {
  return {
    name: 'lambda-stubs',
    setup(build) {
      build.onResolve({ filter: /^lambda-stub:error$/ }, () => ({ path: 'error', namespace: 'lambda-stub' }));
      stubs.forEach((stub, i) =>
        build.onResolve({ filter: stub.filter }, () => ({ path: String(i), namespace: 'lambda-stub' })),
      );
      build.onLoad({ filter: /.*/, namespace: 'lambda-stub' }, (args) => ({
        contents: args.path === 'error' ? ERROR_MODULE : stubs[Number(args.path)].contents,
        loader: 'js',
      }));
    },
  };
}

/**
 * aws-jwt-verify's `import { request } from 'https'` (its JWKS download, which the shipped jwks.json
 * makes rare) as a require on the first call: a cold start that downloads nothing loads neither
 * https nor tls. Only aws-jwt-verify's import: cognitoSdk.js, loaded for GetUser, uses https anyway.
 * esbuild fails the build if aws-jwt-verify ever imports another name from https.
 */
const lazyHttpsForJwtVerify = {
  name: 'lazy-https-for-aws-jwt-verify',
  setup(build) {
    build.onResolve({ filter: /^(node:)?https$/ }, (args) =>
      /[\\/]aws-jwt-verify[\\/]/.test(args.importer) ? { path: 'https', namespace: 'lazy-https' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-https' }, () => ({
      contents: "export function request(...args) { return require('node:https').request(...args); }",
      loader: 'js',
    }));
  },
};

module.exports = { STUBS, lambdaStubs, lazyHttpsForJwtVerify };
