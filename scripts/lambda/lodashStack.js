/**
 * lodash's deep copy and merge (lodash.clonedeep, lodash.merge, lodash.mergewith) with their
 * visited-object cache keyed by a Map from the first object on.
 *
 * Jovo copies the whole app for every request (`new HandleRequest()`: cloneDeep of the app and of
 * its config, then merge). lodash remembers every object it has copied, to copy cycles as cycles:
 * in an array it scans front to back (`assocIndexOf`, `eq`) until 200 objects, then in a Map.
 * Those scans are a few thousand calls of two small functions per request, enough for V8 to hand
 * them to its optimizing compiler during a cold start's first turn, whose code costs the process
 * ~3.6 MB of resident memory when first used (BENCHMARKS.md). Keyed by a Map from the start, the
 * cache answers the same (the same SameValueZero identity `eq` tests), and nothing gets that hot.
 *
 * The replaced condition is lodash's own switch from the array to the Map (`new MapCache(pairs)`),
 * made at the first object instead of the 200th. The build fails if a lodash release changes it.
 */
'use strict';
const fs = require('node:fs');

const SWITCH_AT_200 = 'if (!Map || (pairs.length < LARGE_ARRAY_SIZE - 1)) {';
const SWITCH_AT_FIRST = 'if (!Map) {';

const lodashStackAsMap = {
  name: 'lodash-stack-as-map',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]lodash\.(clonedeep|merge|mergewith)[\\/]index\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (source.split(SWITCH_AT_200).length !== 2) {
        throw new Error(
          `${args.path}: lodash's Stack no longer switches to a Map as expected (scripts/lambda/lodashStack.js)`,
        );
      }
      return { contents: source.replace(SWITCH_AT_200, SWITCH_AT_FIRST), loader: 'js' };
    });
  },
};

module.exports = { lodashStackAsMap };
