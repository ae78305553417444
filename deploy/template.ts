import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { OAUTH_SCOPES, StageSettings } from './settings';

/**
 * deploy/template.yaml as CloudFormation reads it: short-form intrinsics (!Ref, !Sub, ...) become
 * their long form, so the deployer sends JSON and the tests and the dry run read plain objects.
 */
export type Json = Record<string, unknown>;

export interface Template {
  Parameters: Record<string, { Type: string; Default?: string }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties?: Json } & Json>;
  Outputs: Record<string, { Value: unknown; Condition?: string }>;
}

/** !Ref X -> { Ref: X }, !GetAtt A.B -> { 'Fn::GetAtt': [A, B] }, !Sub s -> { 'Fn::Sub': s }, ... */
function cloudFormationSchema(): yaml.Schema {
  const intrinsic = (tag: string, kind: 'scalar' | 'sequence' | 'mapping', fn: string) =>
    new yaml.Type(`!${tag}`, {
      kind,
      construct: (data: unknown) => {
        if (fn === 'Ref' || fn === 'Condition') return { [fn]: data };
        if (fn === 'Fn::GetAtt' && typeof data === 'string') return { [fn]: data.split('.') };
        return { [fn]: data };
      },
    });
  const tags: [string, string][] = [
    ['Ref', 'Ref'],
    ['Condition', 'Condition'],
    ['Sub', 'Fn::Sub'],
    ['GetAtt', 'Fn::GetAtt'],
    ['If', 'Fn::If'],
    ['Equals', 'Fn::Equals'],
    ['Not', 'Fn::Not'],
    ['And', 'Fn::And'],
    ['Or', 'Fn::Or'],
    ['Join', 'Fn::Join'],
    ['Select', 'Fn::Select'],
    ['Split', 'Fn::Split'],
    ['ImportValue', 'Fn::ImportValue'],
  ];
  const kinds = ['scalar', 'sequence', 'mapping'] as const;
  return yaml.DEFAULT_SCHEMA.extend(tags.flatMap(([tag, fn]) => kinds.map((kind) => intrinsic(tag, kind, fn))));
}

/** deploy/template.yaml of the project at `root` (passed in: this module is also bundled into jovo.project.js). */
export function loadTemplate(root: string): Template {
  const file = join(root, 'deploy', 'template.yaml');
  return yaml.load(readFileSync(file, 'utf8'), { schema: cloudFormationSchema() }) as Template;
}

/**
 * The first template of a new stack: only the deployment bucket, so the artefact can be uploaded
 * before the function that needs it is created (what Serverless does with its first stack).
 */
export function bucketOnlyTemplate(full: Template): Json {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Deployment bucket (the full stack follows once the code is uploaded)',
    Resources: { DeploymentBucket: full.Resources.DeploymentBucket },
    Outputs: { DeploymentBucketName: full.Outputs.DeploymentBucketName },
  };
}

export interface StackInputs {
  /** S3 key of the uploaded artefact. */
  codeKey: string;
  /** The skill allowed to invoke the function; '' until the skill exists. */
  skillId: string;
}

/** The stack's parameters: everything comes from src/config.ts and what this deploy learnt. */
export function stackParameters(settings: StageSettings, inputs: StackInputs): Record<string, string> {
  return {
    CodeKey: inputs.codeKey,
    CognitoDomainPrefix: settings.cognitoDomainPrefix ?? '',
    AlexaVendorId: settings.vendorId,
    AlexaSkillId: inputs.skillId,
    OAuthScopes: OAUTH_SCOPES.join(','),
    AccessTokenProfileClaims: String(settings.accessTokenProfileClaims),
  };
}

/** CloudFormation's condition functions over parameter values (what decides which resources exist). */
export function evaluateConditions(template: Template, parameters: Record<string, string>): Record<string, boolean> {
  const results: Record<string, boolean> = {};
  const value = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    const [fn, args] = Object.entries(node)[0] as [string, unknown];
    if (fn === 'Ref') return parameters[args as string] ?? template.Parameters[args as string]?.Default;
    return condition(node);
  };
  const condition = (node: unknown): boolean => {
    const [fn, args] = Object.entries(node as Json)[0] as [string, unknown[] | string];
    switch (fn) {
      case 'Condition':
        return named(args as string);
      case 'Fn::Equals':
        return value((args as unknown[])[0]) === value((args as unknown[])[1]);
      case 'Fn::Not':
        return !condition((args as unknown[])[0]);
      case 'Fn::And':
        return (args as unknown[]).every(condition);
      case 'Fn::Or':
        return (args as unknown[]).some(condition);
      default:
        throw new Error(`unsupported condition function ${fn}`);
    }
  };
  const named = (name: string): boolean => {
    if (!(name in results)) results[name] = condition(template.Conditions[name]);
    return results[name];
  };
  for (const name of Object.keys(template.Conditions ?? {})) named(name);
  return results;
}

/** The resources a stack with these parameters has: logical id -> type. */
export function plannedResources(template: Template, parameters: Record<string, string>): Record<string, string> {
  const conditions = evaluateConditions(template, parameters);
  return Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, resource]) => !resource.Condition || conditions[resource.Condition])
      .map(([id, resource]) => [id, resource.Type]),
  );
}
