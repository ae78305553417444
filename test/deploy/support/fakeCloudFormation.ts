import { randomBytes } from 'node:crypto';

/**
 * A test double of CloudFormation's behaviour for one stack operation (a mock, not a stand-in: AWS
 * cannot be reached from the tests, and CloudFormation has no local equivalent). It applies a
 * template the way CloudFormation does for the parts the project's template uses: parameter
 * validation (values, defaults, AllowedPattern, AllowedValues, MinLength), conditions, the
 * intrinsic functions, physical ids that survive updates, Retain on deletion, and outputs.
 * Physical ids of the Cognito pool and client are the local identity service's, which stands in for
 * the pool CloudFormation would create.
 */
type Json = Record<string, unknown>;

export interface FakeResource {
  type: string;
  physicalId: string;
  properties: Json;
  retain: boolean;
}

export interface Environment {
  region: string;
  account: string;
  stackName: string;
  /** What Cognito assigns to a new pool and app client. */
  userPoolId: string;
  appClientId: string;
}

export class CloudFormationError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

export function validateParameters(template: Json, given: Record<string, string>): Record<string, string> {
  const declared = (template.Parameters ?? {}) as Record<string, Json>;
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length)
    throw new CloudFormationError('ValidationError', `Parameters: [${unknown}] do not exist in the template`);
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    const value = given[name] ?? (spec.Default as string | undefined);
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    if (spec.AllowedPattern && !new RegExp(spec.AllowedPattern as string).test(value)) {
      throw new CloudFormationError('ValidationError', `Parameter '${name}' must match pattern ${spec.AllowedPattern}`);
    }
    if (spec.AllowedValues && !(spec.AllowedValues as string[]).includes(value)) {
      throw new CloudFormationError('ValidationError', `Parameter '${name}' must be one of AllowedValues`);
    }
    if (spec.MinLength !== undefined && value.length < Number(spec.MinLength)) {
      throw new CloudFormationError(
        'ValidationError',
        `Parameter '${name}' must contain at least ${spec.MinLength} characters`,
      );
    }
    values[name] = value;
  }
  if (missing.length) throw new CloudFormationError('ValidationError', `Parameters: [${missing}] must have values`);
  return values;
}

/** One stack operation: resolves conditions, resources (keeping earlier physical ids) and outputs. */
export class TemplateApplication {
  readonly conditions: Record<string, boolean> = {};
  readonly resources: Record<string, FakeResource> = {};

  constructor(
    private readonly template: Json,
    private readonly parameters: Record<string, string>,
    private readonly env: Environment,
    private readonly previous: Record<string, FakeResource> = {},
  ) {
    const conditions = (template.Conditions ?? {}) as Json;
    for (const name of Object.keys(conditions)) this.conditions[name] = Boolean(this.value(conditions[name]));
    const declared = (template.Resources ?? {}) as Record<string, Json>;
    const included = Object.entries(declared).filter(([, r]) => !r.Condition || this.conditions[r.Condition as string]);
    // Physical ids first (Ref between resources), then properties that may refer to them.
    for (const [id, resource] of included) {
      this.resources[id] = {
        type: resource.Type as string,
        physicalId: '',
        properties: {},
        retain: resource.DeletionPolicy === 'Retain',
      };
    }
    for (const [id, resource] of included) {
      const properties = (resource.Properties ?? {}) as Json;
      this.resources[id].physicalId =
        this.previous[id]?.physicalId ?? this.physicalId(id, resource.Type as string, properties);
    }
    for (const [id, resource] of included)
      this.resources[id].properties = this.value(resource.Properties ?? {}) as Json;
  }

  outputs(): Record<string, string> {
    const outputs = (this.template.Outputs ?? {}) as Record<string, Json>;
    return Object.fromEntries(
      Object.entries(outputs)
        .filter(([, output]) => !output.Condition || this.conditions[output.Condition as string])
        .map(([name, output]) => [name, String(this.value(output.Value))]),
    );
  }

  private physicalId(id: string, type: string, properties: Json): string {
    const suffix = randomBytes(4).toString('hex');
    switch (type) {
      case 'AWS::Cognito::UserPool':
        return this.env.userPoolId;
      case 'AWS::Cognito::UserPoolClient':
        return this.env.appClientId;
      case 'AWS::Cognito::UserPoolDomain':
        return String(this.value(properties.Domain));
      case 'AWS::Lambda::Function':
        return properties.FunctionName
          ? String(this.value(properties.FunctionName))
          : `${this.env.stackName}-${id}-${suffix}`;
      case 'AWS::Logs::LogGroup':
        return String(this.value(properties.LogGroupName));
      case 'AWS::S3::Bucket':
        return `${this.env.stackName}-${id}-${suffix}`.toLowerCase();
      default:
        return `${this.env.stackName}-${id}-${suffix}`;
    }
  }

  private arn(id: string): string {
    const { region, account } = this.env;
    const resource = this.resources[id];
    if (!resource)
      throw new CloudFormationError(
        'ValidationError',
        `Template error: instance of Fn::GetAtt references undefined resource ${id}`,
      );
    const name = resource.physicalId;
    switch (resource.type) {
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${account}:function:${name}`;
      case 'AWS::Cognito::UserPool':
        return `arn:aws:cognito-idp:${region}:${account}:userpool/${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      default:
        throw new CloudFormationError('ValidationError', `fake: no Arn attribute for ${resource.type}`);
    }
  }

  private ref(name: string): unknown {
    const pseudo: Record<string, unknown> = {
      'AWS::Region': this.env.region,
      'AWS::AccountId': this.env.account,
      'AWS::StackName': this.env.stackName,
      'AWS::Partition': 'aws',
      'AWS::NoValue': NO_VALUE,
    };
    if (name in pseudo) return pseudo[name];
    if (name in this.parameters) {
      const declared = (this.template.Parameters as Record<string, Json>)[name];
      return declared.Type === 'CommaDelimitedList' ? this.parameters[name].split(',') : this.parameters[name];
    }
    if (name in this.resources) return this.resources[name].physicalId;
    throw new CloudFormationError(
      'ValidationError',
      `Template format error: Unresolved resource dependencies [${name}]`,
    );
  }

  private sub(text: string): string {
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      const [id, attribute] = name.split('.');
      return String(attribute ? this.getAtt(id, attribute) : this.ref(name));
    });
  }

  private getAtt(id: string, attribute: string): string {
    if (attribute !== 'Arn')
      throw new CloudFormationError('ValidationError', `fake: unsupported attribute ${id}.${attribute}`);
    return this.arn(id);
  }

  private value(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((item) => this.value(item)).filter((item) => item !== NO_VALUE);
    if (typeof node !== 'object' || node === null) return node;
    const entries = Object.entries(node as Json);
    if (entries.length === 1) {
      const [fn, args] = entries[0];
      const list = args as unknown[];
      switch (fn) {
        case 'Ref':
          return this.ref(args as string);
        case 'Condition':
          return this.conditions[args as string];
        case 'Fn::Sub':
          return this.sub(args as string);
        case 'Fn::GetAtt':
          return this.getAtt(list[0] as string, list[1] as string);
        case 'Fn::If':
          return this.value(this.conditions[list[0] as string] ? list[1] : list[2]);
        case 'Fn::Equals':
          return this.value(list[0]) === this.value(list[1]);
        case 'Fn::Not':
          return !this.value(list[0]);
        case 'Fn::And':
          return list.every((item) => this.value(item));
        case 'Fn::Or':
          return list.some((item) => this.value(item));
        case 'Fn::Join':
          return (this.value(list[1]) as unknown[]).join(list[0] as string);
      }
      if (fn.startsWith('Fn::')) throw new CloudFormationError('ValidationError', `fake: unsupported function ${fn}`);
    }
    const result: Json = {};
    for (const [key, inner] of entries) {
      const value = this.value(inner);
      if (value !== NO_VALUE) result[key] = value;
    }
    return result;
  }
}
