import { SKILL_NAMES, SKILL_LOCALES } from '../src/config';
import { accountLinkingRequest, masked } from './accountLinking';
import { readClientSecret } from './cognito';
import { DeployContext, stackProps } from './deploy';
import { currentSettings } from './state';

/**
 * `--dry-run`: the stack's true plan, CloudFormation's own change set (made and deleted again) for
 * a stack that exists, printed as the CDK prints a diff; and for the skill the requests the deploy
 * would send, since SMAPI has no dry run. Nothing is deployed; the secret is only shown masked.
 */
export async function plan(context: DeployContext, removal = false): Promise<string> {
  const { root, stage, toolkit, smapi } = context;
  const { record, settings } = currentSettings(root, stage);
  const header = `Dry run for stage ${stage}: nothing was deployed.`;
  if (removal) {
    const stacks = record.createdStacks.map((s) => `${s.name} (${s.region})`);
    return [
      header,
      `--remove would delete the skills ${record.createdSkills.join(', ') || '(none)'}, the stacks ${stacks.join(', ') || '(none)'}`,
      `and the bucket ${record.assetsBucket ?? '(none)'}; it would keep the user pool ${record.pool?.userPoolId ?? '(none yet)'}.`,
    ].join('\n');
  }
  const known = record.skillId || settings.skillId;
  const skillExists = Boolean(known) && (await smapi.exists(known));
  const stackExists = await toolkit.exists(record.stackName, record.region);
  const props = await stackProps({ ...context, fixAppClient: false }, skillExists ? known : '', stackExists);
  const changes = (await toolkit.changes(props, stackExists)).filter((change) => change.impact !== 'NO_CHANGE');
  const secret = record.outputs
    ? await readClientSecret(context.cognito, record.outputs.userPoolId, record.outputs.appClientId)
    : '(read from Cognito when linking is set)';
  const linking = masked(accountLinkingRequest(settings, secret));
  if (!record.outputs) linking.clientSecret = secret;
  return [
    '',
    header,
    `Stack ${record.stackName} in ${settings.region} (account ${context.account}): ${
      stackExists ? `update, ${changes.length} resource change(s) (the diff above)` : 'create (the resources above)'
    }${skillExists ? '' : '; the function is made invocable by the new skill once it exists'}.`,
    'Skill (SMAPI has no dry run: these are the requests the deploy would send):',
    skillExists
      ? `  update skill ${known}`
      : `  create a new skill "${SKILL_NAMES.name}" for vendor ${settings.vendorId}`,
    `  import the skill package: locales ${Object.keys(SKILL_LOCALES).join(', ')}, invocation name "${SKILL_NAMES.invocationName}",`,
    `    endpoint ${settings.endpoint || "the stack's function (its ARN once deployed)"}`,
    '  set account linking (development stage):',
    ...JSON.stringify(linking, null, 2)
      .split('\n')
      .map((line) => `    ${line}`),
    '  enable the skill for testing (development stage)',
  ].join('\n');
}
