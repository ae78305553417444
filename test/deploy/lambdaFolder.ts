import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { lambdaMemoryMb, lambdaNodeFlags } from '../../scripts/bundle';
import type { RunningIdentity } from '../support/identity';

/**
 * Unpacks a zip the way Lambda unpacks a deployment package (stored or deflated entries, as yazl
 * writes them) and returns the entry names, in order.
 */
export function unzip(zipFile: string, intoDir: string): string[] {
  const zip = readFileSync(zipFile);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let entry = zip.readUInt32LE(end + 16); // central directory offset
  const names: string[] = [];
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const size = zip.readUInt32LE(entry + 24);
    const nameLength = zip.readUInt16LE(entry + 28);
    const local = zip.readUInt32LE(entry + 42);
    const name = zip.subarray(entry + 46, entry + 46 + nameLength).toString();
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(data, data + compressedSize);
    const content = method === 8 ? inflateRawSync(raw) : raw;
    if (content.length !== size) throw new Error(`${name}: ${content.length} bytes unpacked, ${size} expected`);
    mkdirSync(dirname(join(intoDir, name)), { recursive: true });
    writeFileSync(join(intoDir, name), content);
    names.push(name);
    entry += 46 + nameLength + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32);
  }
  return names;
}

export interface AlexaAnswer {
  sessionAttributes?: Record<string, unknown>;
  response: { outputSpeech?: { ssml?: string }; card?: { type: string }; shouldEndSession?: boolean };
}

export interface ContainerRun {
  /** One per event, in order: the answer, or the error the handler rejected with. */
  results: ({ answer: AlexaAnswer } | { error: { name: string; message: string } })[];
  /** The JSON lines the function logged. */
  logs: Record<string, unknown>[];
  /** index.js's report of each code cache. */
  codeCache: Record<string, string>;
}

// One container: require index.js as Lambda's runtime does, then each event in turn. An event that
// continues a session (session.new false) gets the attributes of the answer before it, as from Alexa.
const CONTAINER = `
const lambda = require(process.cwd() + '/index.js');
(async () => {
  const results = [];
  let attributes = {};
  for (const event of JSON.parse(process.env.TEST_EVENTS)) {
    if (event.session && event.session.new === false) event.session.attributes = attributes;
    try {
      const answer = await lambda.handler(event, { functionName: 'profile-keeper-prod-skill', awsRequestId: 'test' });
      attributes = (answer && answer.sessionAttributes) || {};
      results.push({ answer });
    } catch (error) {
      results.push({ error: { name: error.name, message: error.message } });
    }
  }
  process.stdout.write('\\nRESULTS ' + JSON.stringify({ results, codeCache: lambda.codeCache.status() }) + '\\n');
})();
`;

/**
 * Runs a Lambda folder the way Lambda does: a new node process with the bootstrap's flags for the
 * function's memory size, in the folder itself (no node_modules anywhere above it), `require`,
 * then `handler(event, context)` for each event. Asynchronous, so an identity service in the
 * calling process keeps answering.
 */
export function runContainer(dir: string, events: unknown[], env: Record<string, string> = {}): Promise<ContainerRun> {
  const childEnv = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', TEST_EVENTS: JSON.stringify(events), ...env };
  const flags = lambdaNodeFlags(lambdaMemoryMb());
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...flags, '-e', CONTAINER],
      { cwd: dir, env: childEnv, timeout: 20_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const lines = stdout.split('\n');
        const report = lines.find((line) => line.startsWith('RESULTS '));
        if (error || !report) return reject(new Error(`the function failed: ${error?.message}\n${stdout}\n${stderr}`));
        const logs = lines
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        resolve({ ...(JSON.parse(report.slice('RESULTS '.length)) as Omit<ContainerRun, 'logs'>), logs });
      },
    );
  });
}

/** What Alexa would say, without the SSML wrapper. */
export function speechOf(result: ContainerRun['results'][number]): string {
  if (!('answer' in result)) throw new Error(`no answer: ${result.error.name} ${result.error.message}`);
  return (result.answer.response.outputSpeech?.ssml ?? '').replace(/<[^>]+>/g, '').trim();
}

/**
 * The environment the stack gives the function, pointed at a local identity service. The JWKS URL
 * leads nowhere: a linked turn that works proves the shipped jwks.json was used. GetUser needs no
 * AWS credentials; dummy ones keep any credential chain away from this machine's.
 */
export function functionEnvironment(identity: RunningIdentity, skillId: string): Record<string, string> {
  return {
    SKILL_ID: skillId,
    COGNITO_REGION: identity.region,
    COGNITO_USER_POOL_ID: identity.userPoolId,
    COGNITO_APP_CLIENT_ID: identity.clientId,
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_JWKS_URI: 'http://127.0.0.1:9/no-jwks-here.json',
    AWS_ACCESS_KEY_ID: 'unused',
    AWS_SECRET_ACCESS_KEY: 'unused',
  };
}

/**
 * Request contexts of one linked user for the simulator's envelope builders: each call opens a new
 * session, or (`newSession: false`) continues the session before it. The token is read when a
 * request is built (tests sign in inside beforeAll).
 */
export function linkedUserSessions(skillId: string, label: string, accessToken: () => string) {
  let sessions = 0;
  return (overrides: { newSession?: boolean } = {}) => {
    if (overrides.newSession !== false) sessions++;
    return {
      skillId,
      accessToken: accessToken(),
      sessionId: `amzn1.echo-api.session.${label}-${sessions}`,
      ...overrides,
    };
  };
}
