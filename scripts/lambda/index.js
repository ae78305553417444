/**
 * The Lambda entry point (`index.handler`), written next to the bundle by `npm run bundle`.
 *
 * It runs skill.js, and cognito-sdk.js on the first GetUser, each with V8's code cache (skill.cache,
 * cognito-sdk.cache) when one is shipped: compiling the bundle is the largest part of a cold start,
 * and a cache V8 accepts replaces it with a cheap load. V8 accepts a cache only from the same V8
 * version, CPU architecture and V8 flags (Lambda's bootstrap sets --expose-gc and heap sizes from the
 * memory size) and refuses anything else; the file is then compiled as `require` would. The build
 * wraps each file in the function `require` would wrap it in, so the text V8 compiles is the file
 * itself (no second copy of 1 MB in memory).
 */
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const scripts = new Map();
const loaded = new Map();
let warned = false;

function readIfPresent(path) {
  try {
    return readFileSync(path);
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function warnRefused(name) {
  if (warned || ['error', 'silent'].includes(process.env.LOG_LEVEL)) return;
  warned = true;
  // A refused cache costs only the speed-up: say so once per container, where operators look.
  const msg = 'code cache refused by V8 (built by another Node version, CPU architecture or V8 flags)';
  console.log(
    JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg, file: `${name}.js`, node: process.version }),
  );
}

/** The bundle's own `require`: its chunks (`./<name>.js`) come from this folder, the rest is Node's. */
function requireFromBundle(id) {
  const chunk = /^\.\/([\w-]+)\.js$/.exec(id);
  return chunk ? load(chunk[1]) : require(id);
}

/** Compiles <name>.js with <name>.cache when V8 takes it. The cache's buffer is garbage once this returns. */
function compile(name) {
  const cachedData = readIfPresent(join(__dirname, `${name}.cache`));
  // The file name V8 records is the same in the build's training run and in Lambda: stack traces
  // from cached code name `skill.js`, not the folder the cache was made in.
  const source = readFileSync(join(__dirname, `${name}.js`), 'utf8');
  const script = new Script(source, { filename: `${name}.js`, cachedData });
  const status = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { script, status };
}

function load(name) {
  if (loaded.has(name)) return loaded.get(name);
  const { script, status } = compile(name);
  scripts.set(name, { script, status });
  if (status === 'rejected') warnRefused(name);
  const module = { exports: {} };
  loaded.set(name, module.exports);
  const file = join(__dirname, `${name}.js`);
  script.runInThisContext().call(module.exports, module.exports, requireFromBundle, module, file, __dirname);
  loaded.set(name, module.exports);
  return module.exports;
}

const skill = load('skill');

module.exports = {
  handler: skill.handler,
  /** For the build and the benchmark: whether each cache was used, and a fresh cache of what V8 compiled. */
  codeCache: {
    status: () => Object.fromEntries([...scripts].map(([name, { status }]) => [name, status])),
    create: () => Object.fromEntries([...scripts].map(([name, { script }]) => [name, script.createCachedData()])),
  },
};
