import { CustomSmapiClientBuilder } from 'ask-smapi-sdk';
import type { services, v1 } from 'ask-smapi-model';
import type { AccountLinkingRequest } from './accountLinking';

/**
 * The Skill Management API (SMAPI) through ask-smapi-sdk, Amazon's client that `ask smapi` itself
 * runs on, in this process: an error keeps SMAPI's message and every violation (the ASK CLI prints
 * a 400 as "Request failed with status code 400"), one Login with Amazon token serves the whole
 * run, and no command starts a process, checks the registry or sends telemetry. The credentials
 * and hosts are the ASK CLI's own (`ask configure`, or ASK_* variables; see askCredentials.ts).
 */
export class SmapiError extends Error {
  name = 'SmapiError';
}

// The ASK CLI's settings as it resolves them: its Login with Amazon client (the one `ask configure`
// got the refresh token for) and the hosts, each overridable by the CLI's environment variables.
const askCli = require('ask-cli/dist/lib/utils/dynamic-config') as {
  lwaClientId: string;
  lwaClientConfirmation: string;
  lwaTokenHost: string;
  smapiBaseUrl: string;
};

const STAGE = 'development';

type SmapiClient = services.skillManagement.SkillManagementServiceClient;

type Violations = { message?: string; violations?: { message: string }[] };

const HINTS: Record<number, string> = {
  400: 'fix what SMAPI names above (app.json, models/ or the manifest in deploy/), then run the same command again',
  401: 'sign in again with `npx ask configure`, then run the same command again',
  403: "the ASK CLI's vendor may not change this skill: check app.json vendorId and --ask-profile",
  404: 'the skill is gone (deleted in the developer console?): run the same command again to make a new one',
  429: 'SMAPI is throttling: wait a minute, then run the same command again',
};

function smapiError(what: string, error: unknown): SmapiError {
  const { statusCode, response } = error as { statusCode?: number; response?: Violations };
  if (!statusCode) return new SmapiError(`${what}: ${(error as Error).message}`);
  const violations = (response?.violations ?? []).map((violation) => `\n  - ${violation.message}`).join('');
  const hint = HINTS[statusCode] ?? 'SMAPI failed on its side: run the same command again';
  return new SmapiError(
    `${what}: SMAPI answered ${statusCode}: ${response?.message ?? (error as Error).message}${violations}\n  Fix: ${hint}.`,
  );
}

export interface AskCredentials {
  refreshToken?: string;
  accessToken?: string;
}

/** Exchanges the refresh token for an access token, once per run (Login with Amazon). */
async function accessToken(credentials: AskCredentials): Promise<string> {
  if (credentials.accessToken) return credentials.accessToken;
  const response = await fetch(`${askCli.lwaTokenHost}/auth/o2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credentials.refreshToken ?? '',
      client_id: askCli.lwaClientId,
      client_secret: askCli.lwaClientConfirmation,
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token) {
    throw new SmapiError(
      `Login with Amazon refused the ASK CLI's refresh token (${body.error ?? response.status}).\n  Fix: run \`npx ask configure\` again.`,
    );
  }
  return body.access_token;
}

export class Smapi {
  private connected?: Promise<SmapiClient>;

  constructor(
    private readonly credentials: AskCredentials,
    private readonly pollMs = 2000,
  ) {}

  /** Signs in on first use, so a command that never calls SMAPI never asks Login with Amazon. */
  private client() {
    this.connected ??= accessToken(this.credentials).then((token) =>
      new CustomSmapiClientBuilder()
        .withApiEndpoint(askCli.smapiBaseUrl)
        .withAccessTokenConfig({
          clientId: askCli.lwaClientId,
          clientSecret: askCli.lwaClientConfirmation,
          accessToken: token,
        })
        .client(),
    );
    return this.connected;
  }

  private async call<T>(what: string, run: (client: SmapiClient) => Promise<T>): Promise<T> {
    const client = await this.client();
    try {
      return await run(client);
    } catch (error) {
      throw smapiError(what, error);
    }
  }

  /** Whether the skill exists for this vendor (false when SMAPI does not know it). */
  async exists(skillId: string): Promise<boolean> {
    const client = await this.client();
    try {
      await client.getSkillStatusV1(skillId);
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw smapiError(`looking up skill ${skillId}`, error);
    }
  }

  /** A new skill with this manifest; its id as soon as SMAPI gives it, then waits for the manifest. */
  async createSkill(vendorId: string, manifest: object, created: (skillId: string) => void): Promise<string> {
    const request = { vendorId, manifest } as v1.skill.CreateSkillRequest;
    const { body } = await this.call('creating the skill', (c) => c.callCreateSkillForVendorV1(request));
    const skillId = (body as { skillId: string }).skillId;
    created(skillId);
    await this.poll('building the new skill', async (client) => {
      const status = await client.getSkillStatusV1(skillId, 'manifest');
      const update = status.manifest?.lastUpdateRequest;
      return { status: update?.status, errors: (update?.errors ?? []).map((e) => e.message ?? '') };
    });
    return skillId;
  }

  /** Uploads the skill package (a zip) into the skill and waits until Alexa has built it. */
  async importPackage(skillId: string, zip: Buffer): Promise<void> {
    const { uploadUrl } = await this.call('asking for an upload URL', (c) => c.createUploadUrlV1());
    const upload = await fetch(uploadUrl ?? '', {
      method: 'PUT',
      body: new Uint8Array(zip),
      signal: AbortSignal.timeout(120_000),
    });
    if (!upload.ok) throw new SmapiError(`uploading the skill package: HTTP ${upload.status} ${await upload.text()}`);
    const { headers } = await this.call('importing the skill package', (c) =>
      c.callImportSkillPackageV1({ location: uploadUrl ?? '' }, skillId),
    );
    const location = headers.find((header) => header.key.toLowerCase() === 'location')?.value ?? '';
    const importId = location.split('/').pop() ?? '';
    await this.poll('importing the skill package', async (client) => {
      const { status, errors = [], skill } = await client.getImportStatusV1(importId);
      const resources = (skill?.resources ?? []).flatMap((r) => (r.errors ?? []).map((e) => `${r.name}: ${e.message}`));
      return { status, errors: [...errors.map((e) => e.message ?? ''), ...resources] };
    });
  }

  async setAccountLinking(skillId: string, request: AccountLinkingRequest): Promise<void> {
    const body = { accountLinkingRequest: request } as v1.skill.accountLinking.AccountLinkingRequest;
    await this.call('setting account linking', (c) => c.updateAccountLinkingInfoV1(skillId, STAGE, body));
  }

  async enableForTesting(skillId: string): Promise<void> {
    await this.call('enabling the skill for testing', (c) => c.setSkillEnablementV1(skillId, STAGE));
  }

  async deleteSkill(skillId: string): Promise<void> {
    if (await this.exists(skillId)) {
      await this.call(`deleting skill ${skillId}`, (c) => c.deleteSkillV1(skillId));
    }
  }

  /** SMAPI applies imports and manifests asynchronously: IN_PROGRESS until SUCCEEDED or FAILED. */
  private async poll(what: string, read: (client: SmapiClient) => Promise<{ status?: string; errors: string[] }>) {
    for (let waited = 0; waited < 15 * 60_000; waited += this.pollMs) {
      const { status, errors } = await this.call(what, read);
      if (status === 'SUCCEEDED') return;
      if (status === 'FAILED') {
        throw new SmapiError(
          `${what}: Alexa refused it:${errors.map((error) => `\n  - ${error}`).join('')}\n  Fix: correct what is named above, then run the same command again.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    throw new SmapiError(`${what}: still in progress after 15 minutes; run the same command again later`);
  }
}
