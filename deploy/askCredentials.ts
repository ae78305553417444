import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from './preflight';

/**
 * The Amazon developer credentials a run uses, found as the ASK CLI finds them: ASK_REFRESH_TOKEN or
 * ASK_ACCESS_TOKEN with ASK_VENDOR_ID (CI; the CLI's profile __ENVIRONMENT_ASK_PROFILE__), else a
 * profile in ~/.ask/cli_config that `ask configure` signed in. Kept in memory only. The profile's
 * name goes to Jovo's deploy:platform, which runs the ASK CLI.
 */
export function askCredentials(env: NodeJS.ProcessEnv, home: string, profile?: string) {
  if ((env.ASK_REFRESH_TOKEN || env.ASK_ACCESS_TOKEN) && !profile) {
    if (!env.ASK_VENDOR_ID) {
      return {
        problem: 'ASK_REFRESH_TOKEN or ASK_ACCESS_TOKEN is set, but ASK_VENDOR_ID is not, so the ASK CLI ignores them.',
        fix: 'export ASK_VENDOR_ID=<your vendor id> as well (or unset the tokens to use an `ask configure` profile).',
      };
    }
    const tokens = { refreshToken: env.ASK_REFRESH_TOKEN, accessToken: env.ASK_ACCESS_TOKEN };
    return { profile: '__ENVIRONMENT_ASK_PROFILE__', vendorId: env.ASK_VENDOR_ID, ...tokens };
  }
  const name = profile ?? env.ASK_DEFAULT_PROFILE ?? 'default';
  const file = join(home, '.ask', 'cli_config');
  type CliConfig = { profiles?: Record<string, { token?: { refresh_token?: string }; vendor_id?: string }> };
  const entry = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CliConfig).profiles?.[name] : undefined;
  if (entry?.token?.refresh_token)
    return { profile: name, vendorId: entry.vendor_id, refreshToken: entry.token.refresh_token };
  return {
    problem: `No ASK CLI credentials found: ~/.ask/cli_config has no signed-in profile "${name}", and ASK_REFRESH_TOKEN with ASK_VENDOR_ID is not set.`,
    fix: `run \`npx ask configure${name === 'default' ? '' : ` --profile ${name}`}\` once (it opens a browser to sign in with your Amazon developer account), or set ASK_REFRESH_TOKEN and ASK_VENDOR_ID for a non-interactive run.`,
  };
}

export function isProblem<T extends object>(value: T | Problem): value is Problem {
  return 'problem' in value;
}
