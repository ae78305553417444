import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { ROOT } from '../run';

/**
 * A throwaway copy of the project (the files git would commit, node_modules linked), so deploy
 * tests can build, bundle and keep deploy state without writing into the work tree, and can
 * change app.json without touching the real one.
 */
type AppJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function copyProject(editAppJson?: (appJson: AppJson) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'project-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
    .toString('utf8')
    .split('\0')
    .filter((file) => file && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  if (editAppJson) {
    const appJson = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as AppJson;
    editAppJson(appJson);
    writeFileSync(join(dir, 'app.json'), `${JSON.stringify(appJson, null, 2)}\n`);
  }
  return dir;
}

/**
 * Every file under dir. Links are not followed (a copy's node_modules is the real one), and the
 * installed packages and git's objects are not the project's files.
 */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !['node_modules', '.git'].includes(entry.name)) walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** The files under these folders that contain the text, relative to the folder they were found in. */
export function filesContaining(text: string, folders: string[]): string[] {
  return folders.flatMap((folder) =>
    filesUnder(folder)
      .filter((file) => statSync(file).size < 50 * 1024 * 1024 && readFileSync(file).includes(text))
      .map((file) => `${folder}: ${relative(folder, file)}`),
  );
}
