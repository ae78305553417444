import { SKILL_LOCALES, SKILL_NAMES } from '../src/config';
import { accountLinkingRequest, masked } from './accountLinking';
import { readClientSecret } from './cognito';
import { DeployContext, stackProps } from './deploy';
import { currentSettings } from './state';

/**
 * `--dry-run`: for the stack, CloudFormation's own change set (made and deleted again) for a stack
 * that exists, printed as the CDK prints a diff; for the skill, the requests the deploy would send,
 * since SMAPI has no dry run. Nothing is deployed; the client secret is only shown masked.
 */
export async function plan(context: DeployContext, removal = false): Promise<string> {
  const { root, stage, toolkit, smapi } = context;
  const { record, settings } = currentSettings(root, stage);
  const title = `Dry run for stage ${stage}: nothing was deployed.`;
  if (removal) {
    const stacks = record.createdStacks.map((s) => `${s.name} (${s.region})`).join(', ') || 'none';
    const bucket = record.assetsBucket ?? 'none';
    const skills = record.createdSkills.join(', ') || 'none';
    return `${title}\n--remove would delete the skills: ${skills}; the stacks: ${stacks}; the bucket: ${bucket}.`;
  }
  const known = record.skillId || settings.skillId;
  const skillExists = Boolean(known) && (await smapi.exists(known));
  const stackExists = await toolkit.exists(record.stackName, record.region);
  const props = await stackProps({ ...context, fixAppClient: false }, skillExists ? known : '', stackExists);
  const changes = (await toolkit.changes(props, stackExists)).filter((change) => change.impact !== 'NO_CHANGE');
  const outputs = record.outputs;
  const secret = outputs && (await readClientSecret(context.cognito, outputs.userPoolId, outputs.appClientId));
  const linking = {
    ...masked(accountLinkingRequest(settings, secret)),
    ...(secret ? {} : { clientSecret: '(from Cognito)' }),
  };
  return [
    '',
    title,
    `Stack ${record.stackName} in ${settings.region} (account ${context.account}): ` +
      (stackExists
        ? `update, ${changes.length} resource change(s) (the diff above).`
        : 'create (the resources above).'),
    'Skill (SMAPI has no dry run: these are the requests the deploy would send):',
    skillExists
      ? `  update skill ${known}`
      : `  create a new skill "${SKILL_NAMES.name}" for vendor ${settings.vendorId}`,
    `  import the skill package: locales ${Object.keys(SKILL_LOCALES).join(', ')}, invocation name "${SKILL_NAMES.invocationName}",`,
    `    endpoint ${settings.endpoint || "the stack's function, once it lets the skill invoke it"}`,
    '  set account linking (development stage):',
    JSON.stringify(linking, null, 2).replace(/^/gm, '    '),
    '  enable the skill for testing (development stage)',
  ].join('\n');
}
