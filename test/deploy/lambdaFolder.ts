import { execFile } from 'node:child_process';
import { lambdaNodeFlags } from '../../bench/lambdas';
import type { RunningIdentity } from '../support/identity';

export interface AlexaAnswer {
  sessionAttributes?: Record<string, unknown>;
  response: { outputSpeech?: { ssml?: string }; card?: { type: string }; shouldEndSession?: boolean };
}

export interface ContainerRun {
  /** One per event, in order: the answer, or the error the handler rejected with. */
  results: ({ answer: AlexaAnswer } | { error: { name: string; message: string } })[];
  /** The JSON lines the function logged. */
  logs: Record<string, unknown>[];
  /** What the process had loaded after the last event: the folder's files, and Node's https and tls. */
  loaded: { files: string[]; builtins: string[] };
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
  const files = Object.keys(require.cache).filter((f) => f.startsWith(process.cwd())).map((f) => f.slice(process.cwd().length + 1));
  const builtins = process.moduleLoadList.filter((m) => / (https|tls)$/.test(m)).map((m) => m.split(' ')[1]);
  process.stdout.write('\\nRESULTS ' + JSON.stringify({ results, loaded: { files, builtins } }) + '\\n');
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
  const flags = lambdaNodeFlags();
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
