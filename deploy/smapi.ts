import { CustomSmapiClientBuilder } from 'ask-smapi-sdk';
import type { services, v1 } from 'ask-smapi-model';
import type { AccountLinkingRequest } from './accountLinking';

/**
 * The Skill Management API (SMAPI) through ask-smapi-sdk, Amazon's client that `ask smapi` runs on,
 * in this process: an error keeps SMAPI's message and every violation (the ASK CLI prints a 400 as
 * "Request failed with status code 400"), one Login with Amazon token serves the whole run, and no
 * call starts a process, checks the npm registry or sends telemetry. Credentials are the ASK CLI's.
 */
export class SmapiError extends Error {
  name = 'SmapiError';
}

/** The ASK CLI's Login with Amazon client (`ask configure` got its refresh token) and hosts, as it resolves them. */
const askCli = require('ask-cli/dist/lib/utils/dynamic-config') as Record<
  'lwaClientId' | 'lwaClientConfirmation' | 'lwaTokenHost' | 'smapiBaseUrl',
  string
>;
const STAGE = 'development';
type Client = services.skillManagement.SkillManagementServiceClient;
export type AskCredentials = { refreshToken?: string; accessToken?: string };

const FIXES: Record<number, string> = {
  400: 'correct what SMAPI names above (app.json, models/ or deploy/), then run the same command again',
  401: 'sign in again with `npx ask configure`, then run the same command again',
  403: "the ASK CLI's vendor may not change this skill: check app.json vendorId and --ask-profile",
  429: 'SMAPI is throttling: wait a minute, then run the same command again',
};

function smapiError(what: string, error: unknown): SmapiError {
  const { statusCode: status, response } = error as { statusCode?: number; response?: Record<string, unknown> };
  if (!status) return new SmapiError(`${what}: ${(error as Error).message}`);
  const violations = ((response?.violations ?? []) as { message: string }[]).map((v) => `\n  - ${v.message}`);
  const fix = FIXES[status] ?? 'SMAPI failed on its side: run the same command again';
  return new SmapiError(
    `${what}: SMAPI answered ${status}: ${response?.message}${violations.join('')}\n  Fix: ${fix}.`,
  );
}

export class Smapi {
  private client?: Promise<Client>;

  /** `env`: where the ASK CLI's ASK_LWA_TOKEN_HOST and ASK_SMAPI_SERVER_BASE_URL may point elsewhere. */
  constructor(
    private readonly credentials: AskCredentials,
    private readonly pollMs = 2000,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Signs in with Login with Amazon on first use, once: a run that never calls SMAPI never signs in. */
  private async call<T>(what: string, run: (client: Client) => Promise<T>): Promise<T> {
    this.client ??= this.connect();
    const client = await this.client;
    return run(client).catch((error) => Promise.reject(smapiError(what, error)));
  }

  private async connect(): Promise<Client> {
    const { lwaClientId: clientId, lwaClientConfirmation: clientSecret } = askCli;
    const accessToken = this.credentials.accessToken || (await this.signIn(clientId, clientSecret));
    return new CustomSmapiClientBuilder()
      .withApiEndpoint(this.env.ASK_SMAPI_SERVER_BASE_URL || askCli.smapiBaseUrl)
      .withAccessTokenConfig({ clientId, clientSecret, accessToken })
      .client();
  }

  /** Login with Amazon's access token for the ASK CLI's refresh token. */
  private async signIn(client_id: string, client_secret: string): Promise<string> {
    const refresh_token = this.credentials.refreshToken ?? '';
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token, client_id, client_secret });
    const host = this.env.ASK_LWA_TOKEN_HOST || askCli.lwaTokenHost;
    const response = await fetch(`${host}/auth/o2/token`, { method: 'POST', body });
    const answer = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string };
    if (answer.access_token) return answer.access_token;
    const why = answer.error ?? response.status;
    throw new SmapiError(
      `Login with Amazon refused the ASK CLI's token (${why}).\n  Fix: run \`npx ask configure\` again.`,
    );
  }

  /** Whether the skill exists for this vendor (SMAPI answers 404 for one it does not know). */
  exists(skillId: string): Promise<boolean> {
    return this.call(`looking up skill ${skillId}`, (client) =>
      client.getSkillStatusV1(skillId).then(
        () => true,
        (error) => (error.statusCode === 404 ? false : Promise.reject(error)),
      ),
    );
  }

  /** A new skill with this manifest: its id goes to `created` as soon as SMAPI gives it, then the build is awaited. */
  async createSkill(vendorId: string, manifest: object, created: (skillId: string) => void): Promise<string> {
    const request = { vendorId, manifest } as v1.skill.CreateSkillRequest;
    const { body } = await this.call('creating the skill', (client) => client.callCreateSkillForVendorV1(request));
    const { skillId } = body as { skillId: string };
    created(skillId);
    await this.poll('building the new skill', async (client) => {
      const update = (await client.getSkillStatusV1(skillId, 'manifest')).manifest?.lastUpdateRequest;
      return { status: update?.status, errors: (update?.errors ?? []).map((error) => error.message) };
    });
    return skillId;
  }

  /** Uploads the skill package (a zip) into the skill and waits until Alexa has built it. */
  async importPackage(skillId: string, zip: Buffer): Promise<void> {
    const { uploadUrl = '' } = await this.call('asking for an upload URL', (client) => client.createUploadUrlV1());
    const upload = await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(zip) });
    if (!upload.ok) throw new SmapiError(`uploading the skill package: HTTP ${upload.status} ${await upload.text()}`);
    const { headers } = await this.call('importing the skill package', (client) =>
      client.callImportSkillPackageV1({ location: uploadUrl }, skillId),
    );
    const location = headers.find((header) => header.key.toLowerCase() === 'location')?.value ?? '';
    const importId = location.split('/').pop() ?? '';
    await this.poll('importing the skill package', async (client) => {
      const { status, errors = [], skill } = await client.getImportStatusV1(importId);
      const failed = (skill?.resources ?? []).flatMap((r) => (r.errors ?? []).map((e) => `${r.name}: ${e.message}`));
      return { status, errors: [...errors.map((error) => error.message), ...failed] };
    });
  }

  /** The skill's account linking (development stage; SMAPI never returns the secret), undefined when it has none. */
  async accountLinking(skillId: string): Promise<Record<string, unknown> | undefined> {
    const body = await this.call('reading account linking', (client) =>
      client
        .getAccountLinkingInfoV1(skillId, STAGE)
        .catch((error) => (error.statusCode === 404 ? undefined : Promise.reject(error))),
    );
    return (body as { accountLinkingResponse?: Record<string, unknown> } | undefined)?.accountLinkingResponse;
  }

  async setAccountLinking(skillId: string, request: AccountLinkingRequest): Promise<void> {
    const body = { accountLinkingRequest: request } as v1.skill.accountLinking.AccountLinkingRequest;
    await this.call('setting account linking', (client) => client.updateAccountLinkingInfoV1(skillId, STAGE, body));
  }

  async enableForTesting(skillId: string): Promise<void> {
    await this.call('enabling the skill for testing', (client) => client.setSkillEnablementV1(skillId, STAGE));
  }

  async deleteSkill(skillId: string): Promise<void> {
    if (await this.exists(skillId)) await this.call(`deleting skill ${skillId}`, (c) => c.deleteSkillV1(skillId));
  }

  /** SMAPI applies imports and manifests asynchronously: IN_PROGRESS until SUCCEEDED or FAILED. */
  private async poll(what: string, read: (client: Client) => Promise<{ status?: string; errors: unknown[] }>) {
    for (let waited = 0; waited < 15 * 60_000; waited += this.pollMs) {
      const { status, errors } = await this.call(what, read);
      if (status === 'SUCCEEDED') return;
      if (status === 'FAILED') {
        const lines = errors.map((error) => `\n  - ${error}`).join('');
        throw new SmapiError(
          `${what}: Alexa refused it:${lines}\n  Fix: correct what is named, then run the same command again.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    throw new SmapiError(`${what}: still in progress after 15 minutes; run the same command again later`);
  }
}
