import { SKILL_LOCALES, SKILL_NAMES, SkillLocale, SkillNames } from '../src/config';
import { PUBLISHING, StageSettings } from './settings';
import listing from './storeListing.json';

/**
 * The skill manifest (skill.json), written whole: Jovo 4.6.2 does not merge its default manifest
 * fields. Names come from SKILL_NAMES and texts from storeListing.json, so renaming the skill in
 * app.json renames it everywhere.
 */
const LOCALES = Object.keys(SKILL_LOCALES) as SkillLocale[];

function localeTexts(locale: SkillLocale) {
  const { name, invocationName } = SKILL_NAMES;
  const texts = listing[SKILL_LOCALES[locale]];
  const named = (text: string) => text.replaceAll('{name}', name).replaceAll('{invocationName}', invocationName);
  return {
    ...texts,
    name,
    summary: named(texts.summary),
    description: named(texts.description),
    examplePhrases: texts.examplePhrases.map(named),
  };
}

/** Jovo insists on a global endpoint; this one is never written (see `apis` below). */
export const NO_ENDPOINT_YET = 'none yet: the skill is created before its function may be invoked by it';

/**
 * The manifest for a stage. Without an endpoint (a new skill, before the function may be invoked
 * by it) the custom API has none and there are no event subscriptions, which need one.
 */
export function skillManifest(settings: StageSettings) {
  // An ARN needs no certificate type; an https URL is served with a trusted certificate.
  const uri = settings.endpoint;
  const endpoint = uri ? { uri, ...(uri.startsWith('https://') ? { sslCertificateType: 'Trusted' } : {}) } : undefined;
  const privacy = { privacyPolicyUrl: PUBLISHING.privacyPolicyUrl, termsOfUseUrl: PUBLISHING.termsOfUseUrl };
  return {
    manifestVersion: '1.0',
    publishingInformation: {
      locales: Object.fromEntries(LOCALES.map((locale) => [locale, localeTexts(locale)])),
      isAvailableWorldwide: false,
      distributionCountries: PUBLISHING.distributionCountries,
      testingInstructions:
        'Link an account in the Alexa app (sign up on the Cognito hosted page or use a test user), then say ' +
        `"Alexa, open ${SKILL_NAMES.invocationName}" and ask "what is my email address". Unlinked, the skill answers with a LinkAccount card.`,
      category: 'ORGANIZERS_AND_ASSISTANTS',
    },
    privacyAndCompliance: {
      allowsPurchases: false,
      usesPersonalInfo: true,
      isChildDirected: false,
      isExportCompliant: true,
      containsAds: false,
      locales: Object.fromEntries(LOCALES.map((locale) => [locale, privacy])),
    },
    // The key is there even without an endpoint: Jovo's build fills in an absent one with the
    // project's global endpoint. JSON leaves an undefined value out.
    apis: { custom: { endpoint } },
    ...(endpoint ? { events: { endpoint, subscriptions: [{ eventName: 'SKILL_ACCOUNT_LINKED' }] } } : {}),
  };
}

/** Jovo's `models.override`: the invocation name for each model language (models/*.json carry none). */
export function invocationOverrides(names: SkillNames = SKILL_NAMES): Record<string, { invocation: string }> {
  const languages = [...new Set(Object.values(SKILL_LOCALES))];
  return Object.fromEntries(languages.map((language) => [language, { invocation: names.invocationName }]));
}

/** Jovo's `locales` option of the Alexa CLI plugin: model language -> Alexa locales. */
export function alexaLocales(): Record<string, SkillLocale[]> {
  const byLanguage: Record<string, SkillLocale[]> = {};
  for (const locale of LOCALES) (byLanguage[SKILL_LOCALES[locale]] ??= []).push(locale);
  return byLanguage;
}
