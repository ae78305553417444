/**
 * Packages the Jovo framework loads at start but a turn of this skill on Lambda never calls.
 * Each is replaced in the bundle by a small module with the same shape: they cost compile time,
 * start-up work and memory in every cold start (BENCHMARKS.md has the figures). What a stub does
 * when it is called anyway is said on each; the bundle test runs every request type through the
 * built bundle to prove none is reached.
 */
'use strict';

const notBundled = (what) =>
  `throw new Error(${JSON.stringify(`${what} is not in the Lambda bundle (scripts/lambda/stubs.js)`)})`;

// validator.js functions that Jovo's output classes use (MaxLength, IsUrl); the others are only
// reachable through class-validator decorators Jovo never declares.
const VALIDATORS_IN_USE = new Set(['isLength', 'isURL']);

const STUBS = [
  {
    // Phone metadata (190 KB), reached only through class-validator's IsPhoneNumber. A call throws,
    // which isPhoneNumber turns into false.
    filter: /^libphonenumber-js(\/.*)?$/,
    contents: `export function parsePhoneNumber() { ${notBundled('libphonenumber-js')} }`,
  },
  {
    // HTTP client (with form-data, mime-types and mime-db, ~250 KB) that Jovo uses for Alexa's own
    // APIs (progressive responses, customer profile). This skill calls none of them: its only
    // network call is GetUser, through the AWS SDK.
    filter: /^axios$/,
    contents: `const axios = function axios() { ${notBundled('axios')} };
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
    contents: `export default function validatorNotBundled() { ${notBundled('this validator.js function')} }
      export function isStrongPassword() { ${notBundled('validator.isStrongPassword')} }`,
  },
];

/**
 * The esbuild plugin: each stubbed import resolves to its stub's contents. `only` limits it to some
 * packages (the benchmark rebuilds the bundle as it was before the others were stubbed).
 */
function lambdaStubs(only) {
  const stubs = only ? STUBS.filter((stub) => only.some((name) => stub.filter.test(name))) : STUBS;
  return {
    name: 'lambda-stubs',
    setup(build) {
      stubs.forEach((stub, i) => {
        build.onResolve({ filter: stub.filter }, (args) =>
          stub.skip?.(args.path) ? undefined : { path: String(i), namespace: 'lambda-stub' },
        );
      });
      build.onLoad({ filter: /.*/, namespace: 'lambda-stub' }, (args) => ({
        contents: stubs[Number(args.path)].contents,
        loader: 'js',
      }));
    },
  };
}

module.exports = { lambdaStubs };
