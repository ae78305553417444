import { afterAll, describe, expect, it } from '@jest/globals';
import AdmZip from 'adm-zip';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../../deploy/bundle';
import { copyProject } from './support/project';

/**
 * The deploy calls scripts/bundle.js through its command line with `--out DIR` and `--jwks FILE`
 * (the pool's JWKS shipped next to the code). Shown with a stand-in bundle script that packs what
 * it was given; the project's own script is tested in bundle.test.ts.
 */
const JWKS = { keys: [{ kid: 'test-key', kty: 'RSA', alg: 'RS256', use: 'sig', n: 'AQAB', e: 'AQAB' }] };

const BUNDLE_WITH_OPTIONS = `
// npm run bundle [-- --out DIR] [--jwks FILE]
const AdmZip = require('adm-zip');
const { join } = require('node:path');
const { readFileSync, mkdirSync } = require('node:fs');
const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const out = process.argv.includes('--out') ? arg('--out') : join(__dirname, '..', 'bundle');
mkdirSync(out, { recursive: true });
const zip = new AdmZip();
zip.addFile('index.js', Buffer.from('exports.handler = async () => ({});'));
if (process.argv.includes('--jwks')) zip.addFile('jwks.json', readFileSync(arg('--jwks')));
zip.writeZip(join(out, 'skill.zip'));
console.log('bundled');
`;

describe('the deploy bundles through scripts/bundle.js', () => {
  const projects: string[] = [];
  afterAll(() => {
    for (const dir of projects) rmSync(dir, { recursive: true, force: true });
  });

  it('passes --out and --jwks, and the JWKS ends up next to the code', async () => {
    const project = copyProject();
    projects.push(project);
    writeFileSync(join(project, 'scripts', 'bundle.js'), BUNDLE_WITH_OPTIONS);
    const outDir = mkdtempSync(join(tmpdir(), 'bundle-out-'));
    projects.push(outDir);
    const result = await bundle({ root: project, outDir, jwks: JWKS });
    expect(result.withJwks).toBe(true);
    expect(result.zipPath).toBe(join(outDir, 'skill.zip'));
    const zip = new AdmZip(readFileSync(result.zipPath));
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['index.js', 'jwks.json']);
    expect(JSON.parse(zip.readAsText('jwks.json'))).toEqual(JWKS);
  });
});
