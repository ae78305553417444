import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASK_ENVIRONMENT_PROFILE } from './askCli';
import type { Problem } from './preflight';

export interface AskCredentials {
  /** The profile to pass to the ASK CLI. */
  profile: string;
  vendorId?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Which ASK CLI credentials a run will use: its environment variables (ASK_REFRESH_TOKEN or
 * ASK_ACCESS_TOKEN with ASK_VENDOR_ID; the CLI honours them only together with AWS_ACCESS_KEY_ID
 * and AWS_SECRET_ACCESS_KEY), else a profile in ~/.ask/cli_config made by `ask configure`.
 */
export function askCredentials(env: Env, homeDir: string, profile?: string): AskCredentials | Problem {
  const token = env.ASK_REFRESH_TOKEN || env.ASK_ACCESS_TOKEN;
  if (token && !profile) {
    if (!env.ASK_VENDOR_ID) {
      return {
        problem: 'ASK_REFRESH_TOKEN or ASK_ACCESS_TOKEN is set, but ASK_VENDOR_ID is not, so the ASK CLI ignores them.',
        fix: 'export ASK_VENDOR_ID=<your vendor id> as well (or unset the tokens to use an `ask configure` profile).',
      };
    }
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
      return {
        problem:
          'ASK_REFRESH_TOKEN is set, but the ASK CLI reads credentials from the environment only when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set too.',
        fix: 'export the AWS access key pair as well, or unset the ASK_* variables and run `npx ask configure` once.',
      };
    }
    return { profile: ASK_ENVIRONMENT_PROFILE, vendorId: env.ASK_VENDOR_ID };
  }
  const name = profile ?? env.ASK_DEFAULT_PROFILE ?? 'default';
  const configFile = join(homeDir, '.ask', 'cli_config');
  const config = existsSync(configFile)
    ? (JSON.parse(readFileSync(configFile, 'utf8')) as {
        profiles?: Record<string, { token?: { refresh_token?: string }; vendor_id?: string }>;
      })
    : undefined;
  const entry = config?.profiles?.[name];
  if (!entry?.token?.refresh_token) {
    return {
      problem: `No ASK CLI credentials found: ~/.ask/cli_config has no signed-in profile "${name}", and ASK_REFRESH_TOKEN with ASK_VENDOR_ID is not set.`,
      fix: `run \`npx ask configure${name === 'default' ? '' : ` --profile ${name}`}\` once (it opens a browser to sign in with your Amazon developer account), or set ASK_REFRESH_TOKEN and ASK_VENDOR_ID for a non-interactive run.`,
    };
  }
  return { profile: name, vendorId: entry.vendor_id };
}

export function isProblem<T extends object>(value: T | Problem): value is Problem {
  return 'problem' in value;
}
