import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { StageSettings } from './settings';

/**
 * Checks made before anything changes. Each problem is one sentence saying what is wrong and one
 * saying how to fix it; all of them are reported together, so one edit-and-rerun fixes them all.
 */
export interface Problem {
  problem: string;
  fix: string;
}

export class PreflightError extends Error {
  name = 'PreflightError';
  constructor(readonly problems: Problem[]) {
    super(
      `Nothing was deployed: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`} to fix first.\n` +
        problems.map(({ problem, fix }) => `\n✗ ${problem}\n  Fix: ${fix}`).join('\n'),
    );
  }
}

const PLACEHOLDER = /replace/i;

/**
 * app.json's values for the stage: placeholders left ("REPLACE_WITH_..."), the vendor id (Alexa's
 * redirect URLs end with it; it must be the ASK CLI account's), a Hosted UI prefix Cognito would refuse.
 */
export function settingsProblems(settings: StageSettings, askVendorId: string | undefined): Problem[] {
  const at = `app.json stages.${settings.stage}`;
  const problems: Problem[] = [];
  // A pool named in app.json may have its own domain: the prefix is then needed only if it has none.
  const needsPrefix =
    !settings.existingPool || (settings.cognitoDomainPrefix && !PLACEHOLDER.test(settings.cognitoDomainPrefix));
  const keys = (['region', 'cognitoDomainPrefix', 'vendorId', 'skillId'] as const).filter(
    (key) => PLACEHOLDER.test(String(settings[key] ?? '')) && (key !== 'cognitoDomainPrefix' || needsPrefix),
  );
  if (keys.length) {
    problems.push({
      problem: `${at} still has placeholders in ${keys.join(', ')}.`,
      fix: 'replace them with your own values (docs/deploy.md, "Before the first deploy"), or empty skillId to let the deploy create the skill.',
    });
  }
  const vendorId = settings.vendorId?.trim() ?? '';
  if (vendorId === '') {
    problems.push({
      problem: `${at}.vendorId is empty: Cognito cannot allow Alexa's redirect URLs without it.`,
      fix: `copy your vendor id from the Alexa developer console (Settings, My IDs) or from \`npx ask smapi get-vendor-list\` into ${at}.vendorId.`,
    });
  } else if (askVendorId && askVendorId !== vendorId && !PLACEHOLDER.test(vendorId)) {
    problems.push({
      problem: `${at}.vendorId is ${vendorId}, but the ASK CLI signs in as vendor ${askVendorId}: Alexa would redirect to a URL the Cognito app client does not allow.`,
      fix: `set ${at}.vendorId to ${askVendorId}, or use the ASK CLI profile of that vendor (--ask-profile NAME).`,
    });
  }
  const prefix = settings.cognitoDomainPrefix ?? '';
  const refusal = needsPrefix && !PLACEHOLDER.test(prefix) ? domainPrefixRefusal(prefix) : undefined;
  if (refusal) {
    problems.push({
      problem: `Cognito would refuse the Hosted UI domain prefix "${prefix}" (${at}.cognitoDomainPrefix): ${refusal}.`,
      fix: 'choose a prefix of lowercase letters, numbers and hyphens that is unique in the region, e.g. "profile-keeper-jane".',
    });
  }
  return problems;
}

/** Why Cognito would refuse this Hosted UI domain prefix, or undefined when it would accept it. */
export function domainPrefixRefusal(prefix: string): string | undefined {
  if (prefix.length < 1 || prefix.length > 63) return 'it must be 1 to 63 characters long';
  if (!/^[a-z0-9-]+$/.test(prefix)) return 'only lowercase letters, numbers and hyphens are allowed';
  if (prefix.startsWith('-') || prefix.endsWith('-')) return 'it must not start or end with a hyphen';
  const reserved = ['aws', 'amazon', 'cognito'].find((word) => prefix.includes(word));
  if (reserved) return `it must not contain "${reserved}"`;
  return undefined;
}

/**
 * Resolves the SDK's credential chain first (no credentials at all is the common case, and its
 * error is cryptic), then asks STS who they belong to (expired or revoked keys fail there).
 */
export async function awsIdentity(sts: STSClient): Promise<{ account: string } | Problem> {
  try {
    await sts.config.credentials();
  } catch {
    return {
      problem: 'No AWS credentials found.',
      fix: 'run `aws configure` (an access key of a user allowed to deploy CloudFormation), or `aws sso login --profile NAME` and `export AWS_PROFILE=NAME`, then deploy again.',
    };
  }
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    return { account: Account ?? '' };
  } catch (error) {
    return {
      problem: `AWS refused the credentials (STS GetCallerIdentity: ${(error as Error).message}).`,
      fix: 'renew them (`aws sso login`, or a new access key) and deploy again.',
    };
  }
}
