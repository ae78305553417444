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
const APP_JSON_KEYS: (keyof StageSettings)[] = ['region', 'cognitoDomainPrefix', 'vendorId', 'skillId'];

/** app.json values still holding the sample's placeholders ("REPLACE_WITH_..."). */
export function placeholderProblems(settings: StageSettings): Problem[] {
  const left = APP_JSON_KEYS.filter((key) => PLACEHOLDER.test(String(settings[key] ?? '')));
  if (left.length === 0) return [];
  return [
    {
      problem: `app.json stages.${settings.stage} still has placeholders in ${left.join(', ')}.`,
      fix: `replace them with your own values (docs/deploy.md, "Before the first deploy"), or empty skillId to let the deploy create the skill.`,
    },
  ];
}

export function vendorIdProblems(settings: StageSettings, askVendorId: string | undefined): Problem[] {
  const vendorId = settings.vendorId?.trim() ?? '';
  if (PLACEHOLDER.test(vendorId)) return []; // reported as a placeholder already
  if (vendorId === '') {
    return [
      {
        problem: `app.json stages.${settings.stage}.vendorId is empty: Cognito cannot allow Alexa's redirect URLs without it.`,
        fix: `copy your vendor id from the Alexa developer console (Settings, My IDs) or from \`npx ask smapi get-vendor-list\` into app.json stages.${settings.stage}.vendorId.`,
      },
    ];
  }
  if (askVendorId && askVendorId !== vendorId) {
    return [
      {
        problem: `app.json stages.${settings.stage}.vendorId is ${vendorId}, but the ASK CLI signs in as vendor ${askVendorId}: Alexa would redirect to a URL the Cognito app client does not allow.`,
        fix: `set app.json stages.${settings.stage}.vendorId to ${askVendorId}, or use the ASK CLI profile of that vendor (--ask-profile NAME).`,
      },
    ];
  }
  return [];
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

export function domainPrefixProblems(settings: StageSettings): Problem[] {
  const prefix = settings.cognitoDomainPrefix ?? '';
  if (PLACEHOLDER.test(prefix)) return []; // reported as a placeholder already
  const refusal = domainPrefixRefusal(prefix);
  if (!refusal) return [];
  return [
    {
      problem: `Cognito would refuse the Hosted UI domain prefix "${prefix}" (app.json stages.${settings.stage}.cognitoDomainPrefix): ${refusal}.`,
      fix: 'choose a prefix of lowercase letters, numbers and hyphens that is unique in the region, e.g. "profile-keeper-jane".',
    },
  ];
}

export interface AwsIdentity {
  account: string;
  arn: string;
}

/**
 * Resolves the SDK's credential chain first (no credentials at all is the common case, and its
 * error is cryptic), then asks STS who they belong to (expired or revoked keys fail there).
 */
export async function awsIdentity(sts: STSClient): Promise<AwsIdentity | Problem> {
  try {
    await sts.config.credentials();
  } catch {
    return {
      problem: 'No AWS credentials found.',
      fix: 'run `aws configure` (an access key of a user allowed to deploy CloudFormation), or `aws sso login --profile NAME` and `export AWS_PROFILE=NAME`, then deploy again.',
    };
  }
  try {
    const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}));
    return { account: Account ?? '', arn: Arn ?? '' };
  } catch (error) {
    return {
      problem: `AWS refused the credentials (STS GetCallerIdentity: ${error instanceof Error ? error.message : String(error)}).`,
      fix: 'renew them (`aws sso login`, or a new access key) and deploy again.',
    };
  }
}
