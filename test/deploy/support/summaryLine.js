/**
 * Jest reporter for `npm run test:deploy`: after Jest's own summary, one plain closing line,
 * "N passed, N failed", the form CI and people read at a glance.
 */
'use strict';

class SummaryLine {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    // Jest's own summary is printed after every reporter has run: this line waits for the exit.
    process.once('exit', () => process.stderr.write(`${results.numPassedTests} passed, ${failed} failed\n`));
  }
}

module.exports = SummaryLine;
