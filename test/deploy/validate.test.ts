import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageSettings } from '../../deploy/settings';
import { SkillStack, SkillStackProps } from '../../deploy/stack';

/**
 * The synthesized templates against CloudFormation's own resource schemas and rules, with
 * @aws/cloudformation-validate (the copy aws-cdk-lib ships and runs on every `cdk synth`): the stack
 * as a new deploy makes it, with the skill's permission and the profile claims, and on a pool that
 * exists already. Zero errors and warnings, but one the CDK itself causes.
 */
type Diagnostic = { ruleId: string; message: string };
const validator = require(require.resolve('@aws/cloudformation-validate', { paths: [require.resolve('aws-cdk-lib')] }));

const VARIANTS: [string, Partial<SkillStackProps>][] = [
  ['a new deploy', { skillId: '' }],
  [
    'the skill and the profile claims',
    { settings: { ...stageSettings('prod'), accessTokenProfileClaims: true } as never },
  ],
  [
    'an existing pool with its own domain',
    { pool: { kind: 'existing', userPoolId: 'us-east-1_AbC', hostedUi: 'https://x' } },
  ],
];

describe('the synthesized template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'validate-'));
  const codeDir = join(dir, 'code');
  let engine: { validateTemplate(file: unknown, options: object): { diagnostics: Diagnostic[] }; free(): void };
  beforeAll(() => {
    mkdirSync(codeDir);
    writeFileSync(join(codeDir, 'index.js'), 'exports.handler = async () => ({});');
    engine = new validator.CompositeEngine(); // seconds to start: one for all variants
  });
  afterAll(() => {
    engine?.free();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(VARIANTS)('passes CloudFormation validation: %s', (name, props) => {
    const app = new App({ outdir: join(dir, name.replace(/\W+/g, '-')), builtinCloudFormationValidation: false });
    const settings = { ...stageSettings('prod'), cognitoDomainPrefix: 'profile-keeper-jane', vendorId: 'M2VENDOR' };
    const stack = new SkillStack(app, {
      stackName: 'skill-prod',
      settings: { ...settings, alarmEmail: 'ops@example.com' },
      skillId: 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555',
      pool: { kind: 'new' },
      codeDir,
      assetsBucket: 'skill-assets-bucket',
      env: { account: '123456789012', region: 'us-east-1' },
      ...props,
    });
    const file = app.synth().getStackArtifact(stack.artifactId).templateFullPath;
    const report = engine.validateTemplate(new validator.TemplateFile(file), {
      detailLevel: 'STANDARD',
      severityLevel: 'WARN',
      // The CDK puts a DependsOn on the role whose ARN the function reads already (GetAtt).
      exclude: { ids: ['W3005'] },
    });
    expect(report.diagnostics.map((d) => `${d.ruleId} ${d.message}`)).toEqual([]);
  });
});
