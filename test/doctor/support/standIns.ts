import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Stand-ins for the parts `npm run doctor` reads that cannot run on this machine, each answering as the
 * real service's documented API does, on a real HTTP port: Lambda's GetPolicy, SMAPI's account linking
 * (with Login with Amazon's token endpoint, for the real ASK CLI), and a pass-through to the local
 * identity service for the two Cognito behaviours it does not have (feature plans, managed-login branding).
 */
export interface StandIn {
  url: string;
  close(): Promise<void>;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function serve(handle: (req: IncomingMessage, body: string) => Promise<Answer> | Answer): Promise<StandIn> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    bodyOf(req)
      .then((body) => handle(req, body))
      .catch((error: Error) => ({ status: 500, body: { message: error.message } }) as Answer)
      .then(({ status, body, headers }) => {
        const text = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
        const type = typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json';
        res.writeHead(status, { ...(text !== undefined ? { 'content-type': type } : {}), ...headers });
        res.end(text);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Lambda's GetPolicy (GET /2015-03-31/functions/{name}/policy): the function's resource policy as a JSON
 * string, or 404 ResourceNotFoundException when the function has none. There is no local Lambda service,
 * so this stands in for it (the AWS SDK reaches it through AWS_ENDPOINT_URL_LAMBDA or `endpoint`).
 */
export function startLambdaStandIn(policies: Map<string, object[]>): Promise<StandIn> {
  return serve((req) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/policy$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const statements = match ? policies.get(decodeURIComponent(match[1])) : undefined;
    if (req.method !== 'GET' || !statements) {
      const message = 'The resource you requested does not exist.';
      return {
        status: 404,
        body: { Type: 'User', Message: message },
        headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
      };
    }
    const Policy = JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
    return { status: 200, body: { Policy, RevisionId: randomUUID() } };
  });
}

/** A resource policy statement as `aws lambda add-permission --event-source-token` writes it. */
export const alexaTrigger = (functionArn: string, skillId: string) => ({
  Sid: 'alexa-skill',
  Effect: 'Allow',
  Principal: { Service: 'alexa-appkit.amazon.com' },
  Action: 'lambda:InvokeFunction',
  Resource: functionArn,
  Condition: { StringEquals: { 'lambda:EventSourceToken': skillId } },
});

/**
 * Login with Amazon's token endpoint (refresh grant) and SMAPI's GET account linking
 * (/v1/skills/{skillId}/stages/{stage}/accountLinkingClient: 200 with accountLinkingResponse, never the
 * secret; 404 when the skill has none; 401 without an LWA access token), for the real ASK CLI.
 */
export function startSmapiStandIn(refreshToken: string, linking: Map<string, object>): Promise<StandIn> {
  const accessTokens = new Set<string>();
  return serve((req, body) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST' && path === '/auth/o2/token') {
      const form = body.trim().startsWith('{') ? JSON.parse(body) : Object.fromEntries(new URLSearchParams(body));
      if (form.grant_type !== 'refresh_token' || form.refresh_token !== refreshToken) {
        return { status: 400, body: { error: 'invalid_grant' } };
      }
      const token = `Atza|${randomUUID()}`;
      accessTokens.add(token);
      return {
        status: 200,
        body: { access_token: token, refresh_token: refreshToken, token_type: 'bearer', expires_in: 3600 },
      };
    }
    if (!accessTokens.has(String(req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return { status: 401, body: { message: 'Token is invalid/expired' } };
    }
    const match = /^\/v1\/skills\/([^/]+)\/stages\/([^/]+)\/accountLinkingClient$/.exec(path);
    if (req.method !== 'GET' || !match)
      return { status: 404, body: { message: `No such resource: ${req.method} ${path}` } };
    const response = linking.get(decodeURIComponent(match[1]));
    if (!response) return { status: 404, body: { message: 'There is no account linking information for this skill.' } };
    return { status: 200, body: { accountLinkingResponse: response } };
  });
}

/**
 * The local identity service behind a pass-through that changes one answer. It stands in for what
 * cognito-local has not got: feature plans (its pools are all ESSENTIALS) and managed-login branding
 * styles (it renders the sign-in page for every client).
 */
export function startCognitoPassThrough(
  target: string,
  change: (req: IncomingMessage, answer: Answer) => Answer,
): Promise<StandIn> {
  return serve(async (req, body) => {
    const response = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      redirect: 'manual',
    });
    const headers: Record<string, string> = {};
    for (const name of ['location', 'set-cookie', 'content-type']) {
      const value = response.headers.get(name);
      if (value) headers[name] = value;
    }
    const text = await response.text();
    const parsed = headers['content-type']?.includes('json') ? JSON.parse(text || '{}') : text;
    return change(req, { status: response.status, body: parsed, headers });
  });
}

/** The page Cognito's managed login (domain version 2) shows, instead of signing in, to a client without a branding style. */
export const MANAGED_LOGIN_WITHOUT_STYLE =
  '<!doctype html><html><head><title>Login pages unavailable</title></head><body><h1>Login pages unavailable</h1></body></html>';
