/**
 * Jovo CLI project configuration: the source of the Alexa skill package (skill.json,
 * accountLinking.json, interaction models). scripts/jovo.js compiles it to jovo.project.js
 * (git-ignored; the CLI loads that file with plain require) and runs the CLI with the stage in
 * PROFILE_KEEPER_STAGE, so the output always lands in build/platform.alexa.
 *
 * Everything per stage comes from app.json (the same file src/config.ts reads), so the manifest,
 * the account-linking settings and the runtime cannot drift. The Cognito client secret is never
 * in a tracked file: it is read from COGNITO_CLIENT_SECRET at build time only.
 *
 * Jovo 4.6.2 does not merge its default manifest fields (see the toolchain notes), so the whole
 * manifest is written here.
 */
import { type PluginConfig, ProjectConfig } from '@jovotech/cli-core';
import { AlexaCli } from '@jovotech/platform-alexa';
import appJson from './app.json';

type Stage = 'dev' | 'prod';
type CliFiles = NonNullable<PluginConfig['files']>;

interface StageSettings {
  region: string;
  userPoolId: string;
  appClientId: string;
  cognitoDomain: string;
  skillId: string;
  vendorId: string;
  endpoint: string;
}

const SKILL_LOCALES = ['en-US', 'en-GB', 'de-DE', 'es-ES'] as const;
type SkillLocale = (typeof SKILL_LOCALES)[number];

/** The OAuth scopes GetUser needs (aws.cognito.signin.user.admin) plus the user's standard attributes. */
const ACCOUNT_LINKING_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

interface LocaleTexts {
  name: string;
  summary: string;
  description: string;
  examplePhrases: string[];
  keywords: string[];
}

const ENGLISH: LocaleTexts = {
  name: appJson.skillName,
  summary: 'Profile Keeper tells you what your linked account knows about you: your name, email address and username.',
  description:
    'Profile Keeper shows how an Alexa skill gets to know its user through account linking. ' +
    'Link your account once in the Alexa app, then ask Profile Keeper for your email address, your username or your whole profile. ' +
    'If your account is not linked yet, the skill sends a card to the Alexa app that takes you to the sign-in page.',
  examplePhrases: [
    'Alexa, open profile keeper',
    'Alexa, ask profile keeper what is my email address',
    'Alexa, ask profile keeper for my username',
  ],
  keywords: ['profile', 'account', 'email', 'username', 'account linking'],
};

const LOCALE_TEXTS: Record<SkillLocale, LocaleTexts> = {
  'en-US': ENGLISH,
  'en-GB': ENGLISH,
  'de-DE': {
    name: appJson.skillName,
    summary:
      'Profile Keeper sagt dir, was dein verknüpftes Konto über dich weiß: Name, E-Mail-Adresse und Benutzername.',
    description:
      'Profile Keeper zeigt, wie ein Alexa Skill seinen Nutzer über die Kontoverknüpfung kennenlernt. ' +
      'Verknüpfe dein Konto einmal in der Alexa App und frag dann Profile Keeper nach deiner E-Mail-Adresse, deinem Benutzernamen oder deinem ganzen Profil. ' +
      'Ist dein Konto noch nicht verknüpft, schickt der Skill eine Karte in die Alexa App, die dich zur Anmeldeseite führt.',
    examplePhrases: [
      'Alexa, öffne profile keeper',
      'Alexa, frag profile keeper nach meiner E-Mail-Adresse',
      'Alexa, frag profile keeper nach meinem Benutzernamen',
    ],
    keywords: ['Profil', 'Konto', 'E-Mail', 'Benutzername', 'Kontoverknüpfung'],
  },
  'es-ES': {
    name: appJson.skillName,
    summary:
      'Profile Keeper te dice lo que tu cuenta vinculada sabe de ti: tu nombre, tu correo electrónico y tu nombre de usuario.',
    description:
      'Profile Keeper muestra cómo una skill de Alexa conoce a su usuario mediante la vinculación de cuentas. ' +
      'Vincula tu cuenta una vez en la app de Alexa y pregunta a Profile Keeper por tu correo electrónico, tu nombre de usuario o tu perfil completo. ' +
      'Si tu cuenta aún no está vinculada, la skill envía una tarjeta a la app de Alexa que te lleva a la página de inicio de sesión.',
    examplePhrases: [
      'Alexa, abre profile keeper',
      'Alexa, pregunta a profile keeper cuál es mi correo electrónico',
      'Alexa, pregunta a profile keeper por mi nombre de usuario',
    ],
    keywords: ['perfil', 'cuenta', 'correo', 'usuario', 'vinculación de cuentas'],
  },
};

function stageFromEnv(): Stage {
  const stage = process.env.PROFILE_KEEPER_STAGE ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`Unknown stage "${stage}" (expected dev or prod)`);
  return stage;
}

function stageSettings(stage: Stage): StageSettings {
  return (appJson.stages as Record<Stage, StageSettings>)[stage];
}

/** Alexa's endpoint object: an ARN needs no certificate type; an https URL is served with a trusted certificate. */
function endpointOf(uri: string): { uri: string; sslCertificateType?: string } {
  return uri.startsWith('https://') ? { uri, sslCertificateType: 'Trusted' } : { uri };
}

function accountLinkingRequest(settings: StageSettings, clientSecret: string | undefined) {
  return {
    type: 'AUTH_CODE',
    authorizationUrl: `${settings.cognitoDomain}/oauth2/authorize`,
    accessTokenUrl: `${settings.cognitoDomain}/oauth2/token`,
    clientId: settings.appClientId,
    // Only from the environment at build time, never a placeholder: Alexa rejects a wrong secret late.
    ...(clientSecret ? { clientSecret } : {}),
    scopes: ACCOUNT_LINKING_SCOPES,
    accessTokenScheme: 'HTTP_BASIC',
    domains: [],
    skipOnEnablement: false,
    defaultTokenExpirationInSeconds: 3600,
  };
}

function skillManifest(stage: Stage) {
  const settings = stageSettings(stage);
  const endpoint = endpointOf(settings.endpoint);
  return {
    manifestVersion: '1.0',
    publishingInformation: {
      locales: Object.fromEntries(SKILL_LOCALES.map((locale) => [locale, LOCALE_TEXTS[locale]])),
      isAvailableWorldwide: false,
      distributionCountries: appJson.publishing.distributionCountries,
      testingInstructions:
        'Link an account in the Alexa app (sign up on the Cognito hosted page or use a test user), then say ' +
        '"Alexa, open profile keeper" and ask "what is my email address". Unlinked, the skill answers with a LinkAccount card.',
      category: 'ORGANIZERS_AND_ASSISTANTS',
    },
    privacyAndCompliance: {
      allowsPurchases: false,
      usesPersonalInfo: true,
      isChildDirected: false,
      isExportCompliant: true,
      containsAds: false,
      locales: Object.fromEntries(
        SKILL_LOCALES.map((locale) => [
          locale,
          { privacyPolicyUrl: appJson.publishing.privacyPolicyUrl, termsOfUseUrl: appJson.publishing.termsOfUseUrl },
        ]),
      ),
    },
    apis: { custom: { endpoint } },
    events: {
      endpoint,
      subscriptions: [{ eventName: 'SKILL_ACCOUNT_LINKED' }],
    },
  };
}

const stage = stageFromEnv();
const settings = stageSettings(stage);
const clientSecret = process.env.COGNITO_CLIENT_SECRET || undefined;
// A placeholder id must not reach the ASK CLI state: `ask deploy` would try to update that skill.
const skillId = /replace/i.test(settings.skillId) ? undefined : settings.skillId;
if (!clientSecret && process.env.JOVO_CLI_RUNTIME) {
  console.warn(
    'warning: COGNITO_CLIENT_SECRET is not set, so accountLinking.json has no clientSecret. ' +
      'Alexa cannot link accounts with it; set it for a build you deploy (see README "Deploy for real").',
  );
}

const project = new ProjectConfig({
  endpoint: settings.endpoint,
  plugins: [
    new AlexaCli({
      skillId,
      locales: { en: ['en-US', 'en-GB'], de: ['de-DE'], es: ['es-ES'] },
      // Jovo's `Files` type allows no numbers (defaultTokenExpirationInSeconds); the builder writes them fine.
      files: {
        'skill-package/skill.json': { manifest: skillManifest(stage) },
        'skill-package/accountLinking.json': { accountLinkingRequest: accountLinkingRequest(settings, clientSecret) },
        // ASK CLI v2 project files, so `ask deploy` works from build/platform.alexa.
        'ask-resources.json': {
          askcliResourcesVersion: '2020-03-31',
          profiles: { default: { skillMetadata: { src: './skill-package' } } },
        },
        ...(skillId
          ? { '.ask/ask-states.json': { askcliStatesVersion: '2020-03-31', profiles: { default: { skillId } } } }
          : {}),
      } as unknown as CliFiles,
    }),
  ],
});

module.exports = project;
