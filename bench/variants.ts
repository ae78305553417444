import { App, Plugin } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { requestPolicyFor } from '../src/alexa/requestPolicy';
import { createApp } from '../src/app';
import { attachAppContext } from '../src/appContext';
import { CognitoUserClient } from '../src/cognito/cognitoUserClient';
import { Deadline } from '../src/cognito/deadline';
import { CognitoUserError } from '../src/cognito/errors';
import { LinkResult } from '../src/cognito/loadLinkedUser';
import { AccountLinkingComponent } from '../src/components/AccountLinkingComponent';
import { GlobalComponent } from '../src/components/GlobalComponent';
import { ProfileComponent } from '../src/components/ProfileComponent';
import { SkillConfig } from '../src/config';
import de from '../src/i18n/de.json';
import en from '../src/i18n/en.json';
import es from '../src/i18n/es.json';
import { Logger } from '../src/logger';
import { AccountLinkingGuardPlugin } from '../src/plugins/AccountLinkingGuardPlugin';
import { CognitoUserPlugin } from '../src/plugins/CognitoUserPlugin';

/**
 * The three skills the benchmark compares. Only C is the product (src/app.ts, unchanged); A and B
 * exist here, in the benchmark, and are built from the product's own components and i18n so the
 * only difference between them is how the user is loaded.
 */
export type VariantName = 'A' | 'B' | 'C';

export const VARIANTS: Record<VariantName, string> = {
  A: 'no account linking (floor)',
  B: 'seed design: GetUser every request',
  C: 'product: local verify + session + cache',
};

export interface VariantApp {
  app: App;
  /** Frees sockets held by the variant's own SDK client (B); C's client lives as long as the process. */
  close(): void;
}

/**
 * The product's app options that matter for a turn's cost, for the two variants built here, and the
 * same Alexa request checks the product's servers apply (skill id; signature when configured).
 */
function skillAppWith(config: SkillConfig, logger: Logger, plugins: Plugin[]): App {
  const app = new App({
    components: [GlobalComponent, ProfileComponent, AccountLinkingComponent],
    plugins: [new AlexaPlatform(), ...plugins],
    logging: false,
    i18n: { interpolation: { escapeValue: false }, resources: { en, de, es } },
  });
  attachAppContext(app, { logger, requestPolicy: requestPolicyFor(config) });
  return app;
}

/** A: the same components and words with no user loading at all: the floor a linked skill is measured against. */
export function createNoLinkingApp(config: SkillConfig, logger: Logger): VariantApp {
  return { app: skillAppWith(config, logger, []), close: () => undefined };
}

/**
 * B: the seed skill's design: every request with a token asks Cognito's GetUser, with no local
 * verification, no session reuse and no cache. Same SDK client settings and time budget as C.
 */
export function createSeedDesignApp(config: SkillConfig, logger: Logger): VariantApp {
  const client = new CognitoUserClient(config.cognito);
  const loadEveryTime = async (accessToken: string | undefined): Promise<LinkResult> => {
    if (!accessToken) return { state: 'not-linked', reason: 'no-token' };
    try {
      const user = await client.getUser(accessToken, new Deadline(config.cognito.timeBudgetMs));
      return { state: 'linked', user, source: 'cognito' };
    } catch (error) {
      if (error instanceof CognitoUserError) return { state: error.linkState, reason: error.name };
      throw error;
    }
  };
  const app = skillAppWith(config, logger, [
    new CognitoUserPlugin({ loadLinkedUser: loadEveryTime, logger }),
    new AccountLinkingGuardPlugin(),
  ]);
  return { app, close: () => client.destroy() };
}

export function createVariantApp(name: VariantName, config: SkillConfig, logger: Logger): VariantApp {
  if (name === 'A') return createNoLinkingApp(config, logger);
  if (name === 'B') return createSeedDesignApp(config, logger);
  return { app: createApp(config, { logger }), close: () => undefined };
}
