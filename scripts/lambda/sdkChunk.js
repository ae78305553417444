/**
 * The AWS SDK's Cognito client as a file of its own (cognito-sdk.js) next to skill.js: only a
 * linked user's first GetUser loads it, so an unlinked cold start neither compiles nor runs it.
 */
'use strict';
const fs = require('node:fs');

const SDK_PACKAGE = '@aws-sdk/client-cognito-identity-provider';
const SDK_CHUNK = 'cognito-sdk';
/**
 * What the skill takes from the SDK (src/cognito/cognitoUserClient.ts). Only these are bundled
 * (-0.1 MB of JavaScript and less start-up work); `sdkNamesMissing` fails the build when the skill
 * names another client or command.
 */
const SDK_EXPORTS = ['CognitoIdentityProviderClient', 'GetUserCommand'];

/** In skill.js, the SDK import becomes `require('./cognito-sdk.js')`, which index.js serves. */
const sdkAsChunk = {
  name: 'sdk-as-chunk',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^${SDK_PACKAGE}$`) }, () => ({ path: `./${SDK_CHUNK}.js`, external: true }));
  },
};

/** SDK clients and commands named in skill.js but missing from SDK_EXPORTS (they would be undefined). */
function sdkNamesMissing(skillJs, root) {
  const code = fs.readFileSync(skillJs, 'utf8');
  const sdk = require(require.resolve(SDK_PACKAGE, { paths: [root] }));
  return Object.keys(sdk).filter(
    (name) => /(Client|Command)$/.test(name) && !SDK_EXPORTS.includes(name) && new RegExp(`\\b${name}\\b`).test(code),
  );
}

/** The esbuild input of cognito-sdk.js: the SDK_EXPORTS, re-exported. */
function sdkChunkInput(root) {
  return {
    contents: `export { ${SDK_EXPORTS.join(', ')} } from '${SDK_PACKAGE}';`,
    resolveDir: root,
    sourcefile: `${SDK_CHUNK}.js`,
  };
}

module.exports = { SDK_CHUNK, sdkAsChunk, sdkNamesMissing, sdkChunkInput };
