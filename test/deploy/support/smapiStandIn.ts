import spec from 'ask-smapi-model/spec.json';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { definitionErrors } from '../askSchemas';
import { checkSkillPackage, ImportedPackage, LambdaTriggers, manifestErrors } from './skillPackage';

/**
 * A local stand-in for Login with Amazon's token endpoint and the Skill Management API (SMAPI), for
 * the deploy (ask-smapi-sdk) and the real ASK CLI, both pointed here with ASK_LWA_TOKEN_HOST and
 * ASK_SMAPI_SERVER_BASE_URL. It routes by the paths of Amazon's own SMAPI spec (ask-smapi-model),
 * checks every request body against that operation's schema, needs an LWA access token on every
 * call, and answers as SMAPI does: 201 upload URL, 202 + Location for a new skill and an import,
 * IN_PROGRESS before SUCCEEDED or FAILED, 204 for enablement, account linking and deletion, 404 for
 * an unknown skill; others 501. Skill packages are checked as SMAPI checks them (skillPackage.ts).
 * Every request is recorded for the test.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  operation: string;
  body?: unknown;
}

export interface StandInSkill {
  skillId: string;
  vendorId: string;
  manifest?: ImportedPackage['manifest'];
  models: ImportedPackage['models'];
  packageFiles: string[];
  accountLinking?: Record<string, unknown>;
  enabledStages: string[];
  /** The last manifest update (PUT .../manifest), applied asynchronously like on SMAPI. */
  manifestUpdate?: { polls: number; errors: string[] };
}

interface ImportJob {
  skillId: string;
  polls: number;
  errors: Record<string, string[]>;
  action: 'CREATE' | 'UPDATE';
}

export interface SmapiStandIn {
  url: string;
  requests: RecordedRequest[];
  skills: Map<string, StandInSkill>;
  /** The next request for this operation is answered with this status and body instead (once). */
  failNext?: { operation: string; status: number; body: unknown };
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const ROUTES = Object.entries(
  spec.paths as Record<
    string,
    Record<string, { 'x-operation-name'?: string; parameters?: { in: string; schema?: { $ref?: string } }[] }>
  >,
).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
    operation: operation['x-operation-name'] ?? path,
    bodyDefinition: operation.parameters
      ?.find((p) => p.in === 'body')
      ?.schema?.$ref?.split('/')
      .pop(),
  })),
);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startSmapiStandIn(options: {
  refreshToken: string;
  vendorId: string;
  lambdaTriggers: LambdaTriggers;
}): Promise<SmapiStandIn> {
  const requests: RecordedRequest[] = [];
  const skills = new Map<string, StandInSkill>();
  const uploads = new Map<string, Buffer | undefined>();
  const imports = new Map<string, ImportJob>();
  const accessTokens = new Set<string>();
  let base = '';
  const standIn: SmapiStandIn = {
    url: '',
    requests,
    skills,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const lwaToken = (body: Json): Answer => {
    if (body.grant_type !== 'refresh_token' || !body.client_id || !body.client_secret) {
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'refresh_token grant with client credentials expected' },
      };
    }
    if (body.refresh_token !== options.refreshToken) return { status: 400, body: { error: 'invalid_grant' } };
    const accessToken = `Atza|${randomUUID()}`;
    accessTokens.add(accessToken);
    return {
      status: 200,
      body: { access_token: accessToken, refresh_token: options.refreshToken, token_type: 'bearer', expires_in: 3600 },
    };
  };

  const startImport = (location: string, skill: StandInSkill, action: ImportJob['action']): Answer => {
    const id = new URL(location).pathname.split('/').pop() ?? '';
    const zip = uploads.get(id);
    if (!zip) return { status: 400, body: { message: `No skill package was uploaded to ${location}.` } };
    const check = checkSkillPackage(zip, skill.skillId, options.lambdaTriggers);
    if (check.imported && Object.keys(check.errors).length === 0) {
      Object.assign(skill, {
        manifest: check.imported.manifest,
        models: check.imported.models,
        packageFiles: check.imported.files,
      });
    }
    const importId = `amzn1.ask-package.import.${randomUUID()}`;
    imports.set(importId, { skillId: skill.skillId, polls: 0, errors: check.errors, action });
    return { status: 202, headers: { Location: `/v1/skills/imports/${importId}` } };
  };

  const importStatus = (job: ImportJob): Json => {
    job.polls += 1;
    const failed = Object.keys(job.errors).length > 0;
    // The first look finds the import still running, as it does on SMAPI.
    const status = job.polls === 1 ? 'IN_PROGRESS' : failed ? 'FAILED' : 'SUCCEEDED';
    const resources = Object.entries(failed ? job.errors : { Manifest: [] }).map(([name, errors]) => ({
      name,
      action: job.action,
      status: status === 'IN_PROGRESS' ? 'IN_PROGRESS' : errors.length ? 'FAILED' : 'SUCCEEDED',
      ...(errors.length && status !== 'IN_PROGRESS' ? { errors: errors.map((message) => ({ message })) } : {}),
    }));
    return { status, skill: { skillId: job.skillId, eTag: randomUUID(), resources } };
  };

  const operations: Record<string, (params: string[], body: Json) => Answer> = {
    createUploadUrlV1: () => {
      const id = randomUUID();
      uploads.set(id, undefined);
      return {
        status: 201,
        body: {
          uploadUrl: `${base}/_upload/${id}?X-Amz-Signature=standin`,
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        },
      };
    },
    createSkillForVendorV1: (_, body) => {
      if (body.vendorId !== options.vendorId)
        return { status: 403, body: { message: 'You are not authorized to access this vendor.' } };
      const skillId = `amzn1.ask.skill.${randomUUID()}`;
      const errors = manifestErrors({ manifest: body.manifest }, skillId, options.lambdaTriggers);
      if (errors.length)
        return {
          status: 400,
          body: { message: 'Request is not valid.', violations: errors.map((message) => ({ message })) },
        };
      skills.set(skillId, {
        skillId,
        vendorId: options.vendorId,
        manifest: body.manifest as StandInSkill['manifest'],
        models: {},
        packageFiles: [],
        enabledStages: [],
        manifestUpdate: { polls: 0, errors: [] },
      });
      return {
        status: 202,
        body: { skillId },
        headers: { Location: `/v1/skills/${skillId}/status?resource=manifest` },
      };
    },
    importSkillPackageV1: ([skillId], body) =>
      startImport(body.location as string, skills.get(skillId) as StandInSkill, 'UPDATE'),
    getImportStatusV1: ([importId]) => {
      const job = imports.get(importId);
      return job ? { status: 200, body: importStatus(job) } : { status: 404, body: { message: 'Import not found.' } };
    },
    getSkillStatusV1: ([skillId]) => {
      const skill = skills.get(skillId) as StandInSkill;
      const done = { lastUpdateRequest: { status: 'SUCCEEDED' }, eTag: randomUUID() };
      const update = skill.manifestUpdate;
      let manifest: Json = done;
      if (update) {
        update.polls += 1;
        const status = update.polls === 1 ? 'IN_PROGRESS' : update.errors.length ? 'FAILED' : 'SUCCEEDED';
        const errors = status === 'FAILED' ? { errors: update.errors.map((message) => ({ message })) } : {};
        manifest = { lastUpdateRequest: { status, ...errors }, eTag: randomUUID() };
      }
      return {
        status: 200,
        body: { manifest, interactionModel: Object.fromEntries(Object.keys(skill.models).map((l) => [l, done])) },
      };
    },
    setSkillEnablementV1: ([skillId, stage]) => {
      const skill = skills.get(skillId) as StandInSkill;
      if (stage !== 'development')
        return {
          status: 400,
          body: { message: `Enablement is only allowed for the development stage, not ${stage}.` },
        };
      if (!skill.enabledStages.includes(stage)) skill.enabledStages.push(stage);
      return { status: 204 };
    },
    updateAccountLinkingInfoV1: ([skillId, stage], body) => {
      if (stage !== 'development')
        return { status: 400, body: { message: 'Account linking can only be changed on the development stage.' } };
      (skills.get(skillId) as StandInSkill).accountLinking = body.accountLinkingRequest as Json;
      return { status: 204 };
    },
    deleteSkillV1: ([skillId]) => {
      skills.delete(skillId);
      return { status: 204 };
    },
  };

  const handle = async (req: IncomingMessage): Promise<Answer> => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const raw = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/auth/o2/token') {
      const text = raw.toString('utf8');
      const body = text.trim().startsWith('{') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
      requests.push({ method: 'POST', path: url.pathname, operation: 'lwaToken' });
      return lwaToken(body);
    }
    if (
      req.method === 'PUT' &&
      url.pathname.startsWith('/_upload/') &&
      standIn.failNext?.operation === 'uploadSkillPackage'
    ) {
      const { status, body } = standIn.failNext;
      standIn.failNext = undefined;
      return { status, body };
    }
    if (req.method === 'PUT' && url.pathname.startsWith('/_upload/')) {
      const id = url.pathname.slice('/_upload/'.length);
      if (!uploads.has(id))
        return { status: 403, body: { message: 'Request has expired or the signature does not match.' } };
      uploads.set(id, raw);
      requests.push({ method: 'PUT', path: url.pathname, operation: 'uploadSkillPackage' });
      return { status: 200 };
    }
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) return { status: 404, body: { message: `No such SMAPI resource: ${req.method} ${url.pathname}` } };
    const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map(decodeURIComponent);
    const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Json) : {};
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      operation: route.operation,
      ...(raw.length ? { body } : {}),
    });
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!accessTokens.has(token)) return { status: 401, body: { message: 'Token is invalid/expired' } };
    if (route.bodyDefinition) {
      const violations = definitionErrors(route.bodyDefinition, body);
      if (violations.length) {
        return {
          status: 400,
          body: {
            message: 'Request is not valid.',
            violations: violations.map((message) => ({ code: 'INVALID_REQUEST_PARAMETER', message })),
          },
        };
      }
    }
    const injected = standIn.failNext;
    if (injected?.operation === route.operation) {
      standIn.failNext = undefined;
      return { status: injected.status, body: injected.body };
    }
    const skillId = url.pathname.startsWith('/v1/skills/amzn1.ask.skill.') ? params[0] : undefined;
    if (skillId && !skills.has(skillId)) return { status: 404, body: { message: `Skill ${skillId} not found.` } };
    const operation = operations[route.operation];
    if (!operation)
      return { status: 501, body: { message: `${route.operation} is not implemented by the SMAPI stand-in` } };
    return operation(params, body);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req)
      .catch((error: Error) => ({ status: 500, body: { message: error.message } }) as Answer)
      .then(({ status, body, headers }) => {
        res.writeHead(status, { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers });
        res.end(body !== undefined ? JSON.stringify(body) : undefined);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.url = base;
  return standIn;
}
