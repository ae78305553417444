/**
 * Packages the Jovo framework loads at start but a turn of this skill on Lambda never calls, and
 * the parts of the AWS SDK's client that GetUser never runs.
 * Each is replaced in the bundle by a small module with the same shape: they cost compile time,
 * start-up work and memory in every cold start (BENCHMARKS.md has the figures). A stub that can be
 * called throws NotInLambdaBundleError, naming what is missing; the bundle test runs every request
 * type through the built bundle to prove none is reached.
 */
'use strict';

/** The error of every stub, a module of its own so each stub imports the one class. */
const ERROR_MODULE = `class NotInLambdaBundleError extends Error {
  constructor(what) {
    super(what + ' is not in the Lambda bundle (scripts/lambda/stubs.js)');
    this.name = 'NotInLambdaBundleError';
  }
}
module.exports = { NotInLambdaBundleError };`;

const notBundled = (what) => `throw new NotInLambdaBundleError(${JSON.stringify(what)})`;
const IMPORT_ERROR = "const { NotInLambdaBundleError } = require('lambda-stub:error');";

// validator.js functions that Jovo's output classes use (MaxLength, IsUrl); the others are only
// reachable through class-validator decorators Jovo never declares.
const VALIDATORS_IN_USE = new Set(['isLength', 'isURL']);

const STUBS = [
  {
    // Phone metadata (190 KB), reached only through class-validator's IsPhoneNumber. A call throws,
    // which isPhoneNumber turns into false.
    filter: /^libphonenumber-js(\/.*)?$/,
    contents: `${IMPORT_ERROR} export function parsePhoneNumber() { ${notBundled('libphonenumber-js')} }`,
  },
  {
    // HTTP client (with form-data, mime-types and mime-db, ~250 KB) that Jovo uses for Alexa's own
    // APIs (progressive responses, customer profile). This skill calls none of them: its only
    // network call is GetUser, through the AWS SDK.
    filter: /^axios$/,
    contents: `${IMPORT_ERROR} const axios = function axios() { ${notBundled('axios')} };
      axios.request = axios;
      module.exports = axios;`,
  },
  {
    // Installs a stack-trace hook that looks for source maps on every error; the Lambda ships none.
    filter: /^source-map-support$/,
    contents: 'module.exports = { install() {} };',
  },
  {
    // Terminal colours for Jovo's console logger (off in Lambda anyway: no TTY) and its request
    // logging (`logging: false` in src/app.ts): text passes through unchanged.
    filter: /^chalk$/,
    contents: `const plain = new Proxy(function chalk(...text) { return text.join(' '); }, {
        get: (target, key) => (typeof key === 'string' && !(key in Function.prototype) ? plain : target[key]),
      });
      module.exports = plain;`,
  },
  {
    filter: /^json-colorizer$/,
    contents: 'module.exports = (json) => json;',
  },
  {
    filter: /^validator(\/lib\/[A-Za-z0-9]+)?$/,
    skip: (path) => VALIDATORS_IN_USE.has(path.split('/').pop()),
    contents: `${IMPORT_ERROR} export default function validatorNotBundled() { ${notBundled('this validator.js function')} }
      export function isStrongPassword() { ${notBundled('validator.isStrongPassword')} }`,
  },
];

/**
 * In cognito-sdk.js only: the parts of the AWS SDK's Cognito client that GetUser never runs.
 * GetUser is an unauthenticated operation (the client's auth scheme for it is `smithy.api#noAuth`):
 * the SDK neither resolves AWS credentials nor signs the request; the user's access token is the
 * whole authorisation.
 */
const SDK_STUBS = [
  {
    // The default credential provider chain (environment, ini files, SSO, login, process, web
    // identity, ECS and EC2 metadata) and the STS, SSO and sign-in clients it uses: 136 KB. The
    // client makes its provider when it is created and would call it only to sign a request.
    filter: /^@aws-sdk\/credential-provider-node$/,
    contents: `${IMPORT_ERROR}
      export function defaultProvider() {
        return async function awsCredentialsNotBundled() { ${notBundled('the AWS credential provider chain')} };
      }`,
  },
];

/**
 * cognito-sdk.js's `ReadableStream` (injected for the global, which stays untouched). Node defines
 * its web streams lazily: the first look at the global `ReadableStream` loads their whole
 * implementation, ~5 ms of a cold start (BENCHMARKS.md). The SDK looks at it on the first GetUser
 * only to ask whether the response body is a web stream; the Node HTTP handler's bodies are Node
 * streams (IncomingMessage), never one. Named as the real class, so that question gets the same
 * answer; nothing in GetUser makes a web stream, and making one here throws.
 */
const WEB_STREAMS_MODULE = `${IMPORT_ERROR}
  export class ReadableStream {
    constructor() { ${notBundled("Node's web streams (the global ReadableStream)")} }
  }
  Object.defineProperty(ReadableStream, 'name', { value: 'ReadableStream' });`;

/** What the chunk's build injects for globals: esbuild's `inject`, resolved by sdkChunkStubs(). */
const SDK_CHUNK_INJECT = ['lambda-stub:web-streams'];

/** The esbuild plugin that resolves each import a stub matches to that stub. */
function stubPlugin(name, stubs, modules = {}) {
  const virtual = { error: ERROR_MODULE, ...modules };
  return {
    name,
    setup(build) {
      const names = Object.keys(virtual).join('|');
      build.onResolve({ filter: new RegExp(`^lambda-stub:(${names})$`) }, (args) => ({
        path: args.path.slice('lambda-stub:'.length),
        namespace: name,
      }));
      stubs.forEach((stub, i) => {
        build.onResolve({ filter: stub.filter }, (args) =>
          stub.skip?.(args.path) ? undefined : { path: String(i), namespace: name },
        );
      });
      build.onLoad({ filter: /.*/, namespace: name }, (args) => ({
        contents: virtual[args.path] ?? stubs[Number(args.path)].contents,
        loader: 'js',
      }));
    },
  };
}

/**
 * The stubs of skill.js. `only` limits them to some packages (the benchmark rebuilds the bundle as
 * it was before the others were stubbed).
 */
function lambdaStubs(only) {
  return stubPlugin('lambda-stubs', only ? STUBS.filter((stub) => only.some((n) => stub.filter.test(n))) : STUBS);
}

/** The stubs of cognito-sdk.js; its build also injects SDK_CHUNK_INJECT. */
function sdkChunkStubs() {
  return stubPlugin('sdk-chunk-stubs', SDK_STUBS, { 'web-streams': WEB_STREAMS_MODULE });
}

module.exports = { lambdaStubs, sdkChunkStubs, SDK_CHUNK_INJECT };
