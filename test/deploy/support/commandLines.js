/**
 * Loaded into every Node.js process a deploy test starts (NODE_OPTIONS=--require): appends the
 * process's command line to the file in COMMAND_LINES_LOG, so a test can show that no command line
 * (which every local user can read in the process list) ever held a secret. It only observes.
 */
'use strict';
if (process.env.COMMAND_LINES_LOG) {
  require('node:fs').appendFileSync(process.env.COMMAND_LINES_LOG, `${process.argv.join(' ')}\n`);
}
