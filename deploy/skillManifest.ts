import { SKILL_LOCALES, SKILL_NAMES, SkillLocale, SkillNames } from '../src/config';
import { PUBLISHING, StageSettings } from './settings';

/**
 * The skill manifest (skill.json), written whole: Jovo 4.6.2 does not merge its default manifest
 * fields. Names and example phrases come from SKILL_NAMES, so renaming the skill in app.json renames
 * it everywhere (Amazon rejects example phrases that do not use the invocation name).
 */
interface LocaleTexts {
  name: string;
  summary: string;
  description: string;
  examplePhrases: string[];
  keywords: string[];
}

function english({ name, invocationName }: SkillNames): LocaleTexts {
  return {
    name,
    summary: `${name} tells you what your linked account knows about you: your name, email address and username.`,
    description:
      `${name} shows how an Alexa skill gets to know its user through account linking. ` +
      `Link your account once in the Alexa app, then ask ${name} for your email address, your username or your whole profile. ` +
      'If your account is not linked yet, the skill sends a card to the Alexa app that takes you to the sign-in page.',
    examplePhrases: [
      `Alexa, open ${invocationName}`,
      `Alexa, ask ${invocationName} what is my email address`,
      `Alexa, ask ${invocationName} for my username`,
    ],
    keywords: ['profile', 'account', 'email', 'username', 'account linking'],
  };
}

function german({ name, invocationName }: SkillNames): LocaleTexts {
  return {
    name,
    summary: `${name} sagt dir, was dein verknüpftes Konto über dich weiß: Name, E-Mail-Adresse und Benutzername.`,
    description:
      `${name} zeigt, wie ein Alexa Skill seinen Nutzer über die Kontoverknüpfung kennenlernt. ` +
      `Verknüpfe dein Konto einmal in der Alexa App und frag dann ${name} nach deiner E-Mail-Adresse, deinem Benutzernamen oder deinem ganzen Profil. ` +
      'Ist dein Konto noch nicht verknüpft, schickt der Skill eine Karte in die Alexa App, die dich zur Anmeldeseite führt.',
    examplePhrases: [
      `Alexa, öffne ${invocationName}`,
      `Alexa, frag ${invocationName} nach meiner E-Mail-Adresse`,
      `Alexa, frag ${invocationName} nach meinem Benutzernamen`,
    ],
    keywords: ['Profil', 'Konto', 'E-Mail', 'Benutzername', 'Kontoverknüpfung'],
  };
}

function spanish({ name, invocationName }: SkillNames): LocaleTexts {
  return {
    name,
    summary: `${name} te dice lo que tu cuenta vinculada sabe de ti: tu nombre, tu correo electrónico y tu nombre de usuario.`,
    description:
      `${name} muestra cómo una skill de Alexa conoce a su usuario mediante la vinculación de cuentas. ` +
      `Vincula tu cuenta una vez en la app de Alexa y pregunta a ${name} por tu correo electrónico, tu nombre de usuario o tu perfil completo. ` +
      'Si tu cuenta aún no está vinculada, la skill envía una tarjeta a la app de Alexa que te lleva a la página de inicio de sesión.',
    examplePhrases: [
      `Alexa, abre ${invocationName}`,
      `Alexa, pregunta a ${invocationName} cuál es mi correo electrónico`,
      `Alexa, pregunta a ${invocationName} por mi nombre de usuario`,
    ],
    keywords: ['perfil', 'cuenta', 'correo', 'usuario', 'vinculación de cuentas'],
  };
}

const TEXTS_BY_LANGUAGE: Record<(typeof SKILL_LOCALES)[SkillLocale], (names: SkillNames) => LocaleTexts> = {
  en: english,
  de: german,
  es: spanish,
};

const LOCALES = Object.keys(SKILL_LOCALES) as SkillLocale[];

/** Alexa's endpoint object: an ARN needs no certificate type; an https URL is served with a trusted certificate. */
function endpointOf(uri: string): { uri: string; sslCertificateType?: string } {
  return uri.startsWith('https://') ? { uri, sslCertificateType: 'Trusted' } : { uri };
}

/** Jovo insists on a global endpoint; this one is never written (see `apis` below). */
export const NO_ENDPOINT_YET = 'none yet: the skill is created before its function may be invoked by it';

/**
 * The manifest for a stage. Without an endpoint (a new skill, before the function may be invoked
 * by it) the custom API has none and there are no event subscriptions, which need one.
 */
export function skillManifest(settings: StageSettings, names: SkillNames = SKILL_NAMES) {
  const endpoint = settings.endpoint ? endpointOf(settings.endpoint) : undefined;
  return {
    manifestVersion: '1.0',
    publishingInformation: {
      locales: Object.fromEntries(LOCALES.map((locale) => [locale, TEXTS_BY_LANGUAGE[SKILL_LOCALES[locale]](names)])),
      isAvailableWorldwide: false,
      distributionCountries: PUBLISHING.distributionCountries,
      testingInstructions:
        'Link an account in the Alexa app (sign up on the Cognito hosted page or use a test user), then say ' +
        `"Alexa, open ${names.invocationName}" and ask "what is my email address". Unlinked, the skill answers with a LinkAccount card.`,
      category: 'ORGANIZERS_AND_ASSISTANTS',
    },
    privacyAndCompliance: {
      allowsPurchases: false,
      usesPersonalInfo: true,
      isChildDirected: false,
      isExportCompliant: true,
      containsAds: false,
      locales: Object.fromEntries(
        LOCALES.map((locale) => [
          locale,
          { privacyPolicyUrl: PUBLISHING.privacyPolicyUrl, termsOfUseUrl: PUBLISHING.termsOfUseUrl },
        ]),
      ),
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
