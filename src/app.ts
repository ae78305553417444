import { App, Jovo } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { createLinkedUserLoader, LoadLinkedUser } from './cognito/loadLinkedUser';
import { AccountLinkingComponent } from './components/AccountLinkingComponent';
import { GlobalComponent } from './components/GlobalComponent';
import { ProfileComponent } from './components/ProfileComponent';
import { SkillConfig } from './config';
import { accountLinkingGuard } from './hooks/accountLinkingGuard';
import { loadLinkedUserHook } from './hooks/loadLinkedUserHook';
import { logSessionEnd } from './hooks/logSessionEnd';
import { logRequest, noteUnsupportedLocale } from './hooks/requestLog';
import { dropUnknownDialogueState } from './hooks/staleDialogueState';
import { skillTranslations } from './i18n';
import { createLogger, describeError, Logger } from './logger';
import { MetricsRecorder, NO_METRICS } from './metrics';
import { translatorFor } from './output/translate';

export interface CreateAppOptions {
  /** How the Cognito user is loaded; default: verify locally, cache, GetUser (src/cognito). Tests pass a fake. */
  loadLinkedUser?: LoadLinkedUser;
  /** Where log lines go (tests collect them); defaults to stdout at the configured level. */
  logger?: Logger;
  /** Where metrics go (src/metrics.ts): the Lambda passes Powertools' EMF; default nowhere. */
  metrics?: MetricsRecorder;
}

const COMPONENTS = [GlobalComponent, ProfileComponent, AccountLinkingComponent];

/**
 * The skill, built from configuration passed in. src/app.dev.ts and src/app.prod.ts call this with
 * their stage's settings; tests call it with their own settings and loader.
 *
 * A request runs through: the user is loaded into the session (before.dialogue.start) → the
 * account-linking guard (before.dialogue.router) → Jovo's router → a component's handler.
 */
export function createApp(config: SkillConfig, options: CreateAppOptions = {}): App {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = options.metrics ?? NO_METRICS;
  const loadLinkedUser = options.loadLinkedUser ?? createLinkedUserLoader(config.cognito, metrics);

  const app = new SkillApp(logger, {
    components: COMPONENTS,
    plugins: [
      new AlexaPlatform({
        // Jovo maps Stop and Cancel to END by default; keep Alexa's names so handlers and the
        // account-linking guard read as the intents Amazon certifies.
        intentMap: { 'AMAZON.StopIntent': 'AMAZON.StopIntent', 'AMAZON.CancelIntent': 'AMAZON.CancelIntent' },
      }),
    ],
    // Jovo's request/response logging prints whole envelopes, access tokens and emails included.
    logging: false,
    // Jovo checks the shape of every answer with class-validator (its output config): a card without
    // a title, a value of the wrong type. The dev stage and every in-process test keep that on, so such
    // an answer fails there; the deployed function skips the reflection, a sixth of a cold first turn.
    output: { validation: config.stage !== 'prod' },
    i18n: {
      // Values from users never reach i18next (src/output/userText.ts): nothing to escape here.
      interpolation: { escapeValue: false },
      resources: skillTranslations(config.skillNames),
    },
  });

  app.hook('before.dialogue.start', noteUnsupportedLocale(logger));
  app.hook('before.dialogue.start', dropUnknownDialogueState);
  app.hook('before.dialogue.start', logSessionEnd(logger));
  app.hook('before.dialogue.start', loadLinkedUserHook(loadLinkedUser, logger, metrics));
  app.hook('before.dialogue.router', accountLinkingGuard);
  app.hook('after.response.end', logRequest(logger));
  return app;
}

/**
 * Jovo's default error listener prints the raw error (its message may quote request text) outside
 * our redaction. This app reports a failed request through the skill's logger, by error name only,
 * and still gives the user a spoken answer when there is a request to answer.
 */
class SkillApp extends App {
  constructor(
    private readonly logger: Logger,
    config: ConstructorParameters<typeof App>[0],
  ) {
    super(config);
  }

  async handleError(error: unknown, jovo?: Jovo): Promise<void> {
    this.logger.error('request failed', { error: describeError(error) });
    // No request to answer (the pipeline failed before a handler ran): Jovo's server answers 500.
    if (!jovo) return;
    jovo.$output = [];
    await jovo.$send({ message: translatorFor(jovo)('error.generic'), listen: false });
  }
}
