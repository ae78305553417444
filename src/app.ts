import { App, Jovo } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { requestPolicyFor } from './alexa/requestPolicy';
import { attachAppContext } from './appContext';
import { createLinkedUserLoader } from './cognito/loadLinkedUser';
import { AccountLinkingComponent } from './components/AccountLinkingComponent';
import { GlobalComponent } from './components/GlobalComponent';
import { ProfileComponent } from './components/ProfileComponent';
import { SkillConfig } from './config';
import de from './i18n/de.json';
import en from './i18n/en.json';
import es from './i18n/es.json';
import { createLogger, describeError, Logger } from './logger';
import { AccountLinkingGuardPlugin } from './plugins/AccountLinkingGuardPlugin';
import { CognitoUserPlugin } from './plugins/CognitoUserPlugin';

export interface CreateAppOptions {
  /** Where log lines go (tests collect them); defaults to stdout. */
  logger?: Logger;
}

/**
 * The skill, built from configuration passed in. src/app.dev.ts and src/app.prod.ts call this
 * with the stage's settings; tests call it with settings that point at their own identity service.
 */
export function createApp(config: SkillConfig, options: CreateAppOptions = {}): App {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const userLoader = createLinkedUserLoader(config.cognito);

  const app = new App({
    components: [GlobalComponent, ProfileComponent, AccountLinkingComponent],
    plugins: [
      new AlexaPlatform({
        // Jovo maps Stop and Cancel to END by default; keep Alexa's names so handlers and the
        // account-linking guard's allow-list read as the intents Amazon certifies.
        intentMap: { 'AMAZON.StopIntent': 'AMAZON.StopIntent', 'AMAZON.CancelIntent': 'AMAZON.CancelIntent' },
      }),
      new CognitoUserPlugin({
        loadLinkedUser: async (accessToken, sessionUser) => {
          try {
            return await userLoader.load(accessToken, sessionUser);
          } catch (error) {
            // Never let a lookup bug cost the user an answer: treat it like an unreachable Cognito.
            logger.error('user lookup failed', { error: describeError(error) });
            return { state: 'unavailable', reason: 'lookup-error' };
          }
        },
        logger,
      }),
      new AccountLinkingGuardPlugin(),
    ],
    // Jovo's request/response logging prints whole envelopes, access tokens and emails included.
    logging: false,
    i18n: {
      // Values are escaped where they are spoken (SSML) and shown raw on cards.
      interpolation: { escapeValue: false },
      resources: { en, de, es },
    },
  });

  attachAppContext(app, { logger, requestPolicy: requestPolicyFor(config) });
  // Servers serving this app check every request against this skill id (and signature, when on).
  replaceDefaultErrorListener(app, logger);
  return app;
}

/**
 * Jovo's built-in error listener prints the raw error through its own logger, outside our
 * redaction. Ours logs a redacted description and still gives the user a spoken answer.
 */
function replaceDefaultErrorListener(app: App, logger: Logger): void {
  (app as unknown as { errorListeners: unknown[] }).errorListeners.splice(0);
  app.onError(async (error: Error, jovo?: Jovo) => {
    logger.error('request failed', { error: describeError(error) });
    if (!jovo) return;
    jovo.$output = [];
    await jovo.$send({ message: jovo.$t('error.generic'), listen: false });
  });
}
