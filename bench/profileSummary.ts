import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

const ROOT_HINTS: [RegExp, string][] = [
  [/\/src\//, 'src (ours)'],
  [/\/bench\//, 'bench'],
  [/\/test\//, 'test support'],
  [/\/identity\//, 'identity service'],
];

function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) {
    for (const [pattern, name] of ROOT_HINTS) if (pattern.test(path)) return name;
    return path;
  }
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** esbuild (unminified) marks each module in a bundle with a `// path` comment: line -> module. */
function bundleModules(file: string): ((line: number) => string) | undefined {
  const lines = readFileSync(file, 'utf8').split('\n');
  const starts: [number, string][] = [];
  lines.forEach((text, i) => {
    const match = /^\/\/ ((?:node_modules|src|bench)\/\S+)$/.exec(text);
    if (match) starts.push([i, match[1]]);
  });
  if (starts.length === 0) return undefined;
  return (line) => {
    let found = 'bundle (unattributed)';
    for (const [start, path] of starts) {
      if (start > line) break;
      found = path;
    }
    return packageOf(found.startsWith('node_modules') ? `/${found}` : `/${found}`);
  };
}

/** Self time by package and by function, from a .cpuprofile: where a run's CPU went. */
export function summarizeProfile(path: string, top = 12): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const totalSamples = profile.samples?.length ?? profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const msPerSample = totalSamples ? (profile.endTime - profile.startTime) / 1000 / totalSamples : 0;
  const bundles = new Map<string, ((line: number) => string) | undefined>();
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    let group: string;
    if (!url) group = functionName.startsWith('(') ? functionName : 'node (native)';
    else if (url.startsWith('node:')) group = 'node (internals)';
    else {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      if (!bundles.has(file))
        bundles.set(file, file.endsWith('.js') && existsSync(file) ? bundleModules(file) : undefined);
      group = bundles.get(file)?.(lineNumber) ?? packageOf(file);
    }
    byPackage.set(group, (byPackage.get(group) ?? 0) + hits);
    const fn = `${functionName || '(anonymous)'} [${group}]`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const list = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, hits]) =>
          `  ${((hits / totalSamples) * 100).toFixed(1).padStart(5)}%  ${(hits * msPerSample).toFixed(0).padStart(6)} ms  ${name}`,
      )
      .join('\n');
  const totalMs = (totalSamples * msPerSample).toFixed(0);
  return [
    `Profile ${path} (${totalMs} ms sampled)`,
    'self time by package:',
    list(byPackage),
    'self time by function:',
    list(byFunction),
  ].join('\n');
}
