import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import spec from 'ask-smapi-model/spec.json';

/**
 * The skill package checked against Amazon's own definitions: the Swagger spec of the Skill
 * Management API (SMAPI) that ships with ask-smapi-model, which is what `ask deploy` and the
 * developer console validate against. The spec leaves objects open; here every object that is not
 * part of an inheritance chain is closed (additionalProperties: false), so a misspelt or misplaced
 * field fails the test instead of being silently ignored by Alexa.
 */
export type SkillPackagePart = 'skill.json' | 'accountLinking.json' | 'interaction model';

const DEFINITION: Record<SkillPackagePart, string> = {
  'skill.json': 'v1.skill.Manifest.SkillManifestEnvelope',
  'accountLinking.json': 'v1.skill.accountLinking.AccountLinkingRequest',
  'interaction model': 'v1.skill.interactionModel.InteractionModelData',
};

type Definition = Record<string, unknown> & { allOf?: { $ref?: string }[]; properties?: object; type?: string };

function closedDefinitions(): Record<string, Definition> {
  const definitions = structuredClone(spec.definitions) as unknown as Record<string, Definition>;
  const extended = new Set(
    Object.values(definitions).flatMap((definition) =>
      (definition.allOf ?? []).map((part) => part.$ref?.split('/').pop()).filter(Boolean),
    ),
  );
  for (const [name, definition] of Object.entries(definitions)) {
    const partOfInheritance = definition.allOf || definition.discriminator || extended.has(name);
    if (
      definition.type === 'object' &&
      definition.properties &&
      !partOfInheritance &&
      !('additionalProperties' in definition)
    ) {
      definition.additionalProperties = false;
    }
  }
  return definitions;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The validator of one ask-smapi-model definition (e.g. "v1.skill.createSkillWithPackageRequest"). */
function validatorOf(definition: string): ValidateFunction {
  if (!ajv) {
    // strict: false because the spec carries Swagger keywords (x-isEnum, discriminator) Ajv does not know, and
    // formats that are prose ("ISO 4217 format"), not checkable formats.
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'smapi', definitions: closedDefinitions() });
  }
  let validate = compiled.get(definition);
  if (!validate) {
    validate = ajv.getSchema(`smapi#/definitions/${definition}`);
    if (!validate) throw new Error(`ask-smapi-model has no definition ${definition}`);
    compiled.set(definition, validate);
  }
  return validate;
}

/** The violations of data against an ask-smapi-model definition, as readable lines; empty when valid. */
export function definitionErrors(definition: string, data: unknown): string[] {
  const validate = validatorOf(definition);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => {
    const extra =
      error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : '';
    return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
  });
}

/** The schema violations of a skill package file, as readable lines; empty when it is valid. */
export function schemaErrors(part: SkillPackagePart, data: unknown): string[] {
  return definitionErrors(DEFINITION[part], data);
}
