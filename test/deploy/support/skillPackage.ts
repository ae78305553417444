import AdmZip from 'adm-zip';
import { schemaErrors } from '../askSchemas';

/**
 * What SMAPI checks when it imports a skill package (a zip of skill.json and
 * interactionModels/custom/<locale>.json, at the root or in one top folder): the manifest and every
 * locale's model against Amazon's schemas, a model for each published locale, and, for a Lambda
 * endpoint, that the function lets this skill invoke it (Alexa's "trigger setting" check).
 */
export interface ImportedPackage {
  manifest: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  models: Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  files: string[];
}

export interface PackageCheck {
  imported?: ImportedPackage;
  /** Resource name ("Manifest", "InteractionModel.en-US") -> error messages. */
  errors: Record<string, string[]>;
}

/** Which skills may invoke a Lambda function (its alexa-appkit.amazon.com permissions' EventSourceToken). */
export type LambdaTriggers = (functionArn: string) => string[];

export function checkSkillPackage(zip: Buffer, skillId: string | undefined, triggers: LambdaTriggers): PackageCheck {
  let entries: Map<string, Buffer>;
  try {
    const archive = new AdmZip(zip);
    entries = new Map(
      archive
        .getEntries()
        .filter((e) => !e.isDirectory)
        .map((e) => [e.entryName, e.getData()]),
    );
  } catch (error) {
    return { errors: { Package: [`The skill package is not a valid zip file: ${(error as Error).message}`] } };
  }
  const manifestName = [...entries.keys()].find((name) => /^([^/]+\/)?skill\.json$/.test(name));
  if (!manifestName) return { errors: { Package: ['The skill package has no skill.json.'] } };
  const prefix = manifestName.slice(0, -'skill.json'.length);
  const read = (name: string) => JSON.parse(entries.get(prefix + name)?.toString('utf8') ?? 'null');
  const errors: Record<string, string[]> = {};
  const envelope = read('skill.json');
  const manifestErrors = schemaErrors('skill.json', envelope);
  const manifest = envelope?.manifest ?? {};
  const locales = Object.keys(manifest.publishingInformation?.locales ?? {});
  const models: ImportedPackage['models'] = {};
  for (const locale of locales) {
    const model = read(`interactionModels/custom/${locale}.json`);
    if (!model) {
      manifestErrors.push(`No interaction model for locale ${locale} (interactionModels/custom/${locale}.json).`);
      continue;
    }
    const modelErrors = schemaErrors('interaction model', model);
    const invocationName = model.interactionModel?.languageModel?.invocationName;
    if (!invocationName) modelErrors.push('Invocation name is required.');
    if (modelErrors.length) errors[`InteractionModel.${locale}`] = modelErrors;
    models[locale] = model;
  }
  manifestErrors.push(...triggerErrors(manifest, skillId, triggers));
  if (manifestErrors.length) errors.Manifest = manifestErrors;
  const files = [...entries.keys()].map((name) => name.slice(prefix.length));
  return { imported: { manifest, models, files }, errors };
}

/** Alexa accepts a Lambda endpoint only when the function lets this skill invoke it. */
function triggerErrors(
  manifest: ImportedPackage['manifest'],
  skillId: string | undefined,
  triggers: LambdaTriggers,
): string[] {
  const endpoint: string | undefined = manifest.apis?.custom?.endpoint?.uri;
  if (!endpoint?.startsWith('arn:aws:lambda:') || (skillId && triggers(endpoint).includes(skillId))) return [];
  return [
    `The trigger setting for the Lambda ${endpoint} is invalid. Error code: SkillManifestError - ` +
      'Alexa Skills Kit trigger for this skill is not found on the Lambda function.',
  ];
}

/** What SMAPI says about a manifest update (PUT .../stages/development/manifest): schema, then trigger. */
export function manifestErrors(envelope: unknown, skillId: string, triggers: LambdaTriggers): string[] {
  const errors = schemaErrors('skill.json', envelope);
  if (errors.length) return errors;
  return triggerErrors((envelope as { manifest: ImportedPackage['manifest'] }).manifest, skillId, triggers);
}
