/**
 * MOCK, tests only: loaded with `node --require` (NODE_OPTIONS) into every process a test's
 * `npm run deploy` starts. In the deploy itself (deploy/main.ts) and in the Jovo CLI it runs, it
 * replaces the AWS SDK clients that cannot reach AWS from here (CloudFormation, S3, STS) with the
 * fake in fakeAws.ts. In every process it notes the command line, so a test can prove that no
 * secret was ever passed as an argument (other local users can read those in the process list).
 */
'use strict';
const { appendFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.FAKE_AWS_DIR;
const args = process.argv.slice(1);
if (dir && args.length > 0 && !globalThis.__fakeAwsPreloaded) {
  globalThis.__fakeAwsPreloaded = true;
  appendFileSync(join(dir, 'command-lines.log'), `${JSON.stringify(process.argv)}\n`);
  const script = args[0].replace(/\\/g, '/');
  if (/(^|\/)deploy\/main\.ts$/.test(script) || /@jovotech\/cli\/bin\/run$/.test(script)) {
    // tsx's global require hook (not its namespaced require, which would load a second copy of
    // the SDK whose classes the deploy never uses); harmless when tsx registers its own as well.
    require('tsx/cjs/api').register();
    require('./fakeAws.ts').installFakeAws(dir);
  }
}
