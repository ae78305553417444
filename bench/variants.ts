import { App } from '@jovotech/framework';
import { ExpressAdapter } from 'ask-sdk-express-adapter';
import express from 'express';
import { createApp } from '../src/app';
import { CognitoUserClient } from '../src/cognito/cognitoUserClient';
import { Deadline } from '../src/cognito/deadline';
import { CognitoUserError } from '../src/cognito/errors';
import { LoadLinkedUser } from '../src/cognito/loadLinkedUser';
import { SkillConfig } from '../src/config';
import { Logger } from '../src/logger';
import { AlexaAnswer, SendEnvelope } from './alexa';
import { handleInMemory } from './inMemoryServer';
import { peerSkillBuilder } from './peer/skill';

/**
 * The four skills the benchmark compares. C is the product (`createApp` as shipped). A and B are
 * the same app with its one seam, the user loader, swapped; P is the same skill written on the
 * ASK SDK the way its users write it (bench/peer).
 */
export type VariantName = 'A' | 'B' | 'C' | 'P';

export const VARIANTS: Record<VariantName, string> = {
  A: 'the app with a loader that returns a fixed user, no network (floor)',
  B: 'the app with GetUser on every request',
  C: 'the product: local verify + session + cache',
  P: 'ASK SDK v2 peer: GetUser on every request, i18next',
};

export const ORDER: VariantName[] = ['A', 'B', 'C', 'P'];

/** One variant, in process: a turn as a warm Lambda container runs it. */
export interface SkillUnderTest {
  name: VariantName;
  send: SendEnvelope;
  /** The Jovo app (A, B, C), for a host such as the express server. */
  app?: App;
  /** The peer's express app at POST /webhook (P). */
  expressApp?: express.Express;
  /** Frees the sockets of the variant's own SDK client. */
  close(): void;
}

/** A's user: what a linked session shows, without asking anyone. */
const FIXED_USER = {
  sub: 'bench-fixed-user',
  username: 'bob',
  attributes: { email: 'bob@example.com', name: 'Bob Jones' },
};

/** GetUser on every request with a token: no local verification, no session reuse, no cache. */
function getUserEveryTime(config: SkillConfig, client: CognitoUserClient): LoadLinkedUser {
  return async ({ accessToken }) => {
    if (!accessToken) return { state: 'not-linked', reason: 'no-token' };
    try {
      const user = await client.getUser(accessToken, new Deadline(config.cognito.timeBudgetMs));
      return { state: 'linked', user, source: 'cognito' };
    } catch (error) {
      if (error instanceof CognitoUserError) return { state: error.linkState, reason: error.name };
      throw error;
    }
  };
}

function jovoVariant(name: VariantName, app: App, close: () => void = () => undefined): SkillUnderTest {
  return { name, app, send: (envelope) => handleInMemory<AlexaAnswer>(app, envelope), close };
}

function peerVariant(config: SkillConfig): SkillUnderTest {
  const skill = peerSkillBuilder({
    region: config.cognito.region,
    cognitoEndpoint: config.cognito.apiEndpoint,
    skillId: config.skillId,
  }).create();
  const expressApp = express();
  // As ASK SDK users serve a skill over HTTPS; signature and timestamp checks off, like the app's dev stage.
  expressApp.post('/webhook', new ExpressAdapter(skill, false, false).getRequestHandlers());
  return {
    name: 'P',
    send: (envelope) => skill.invoke(envelope as never) as Promise<AlexaAnswer>,
    expressApp,
    close: () => undefined,
  };
}

export function createVariant(name: VariantName, config: SkillConfig, logger: Logger): SkillUnderTest {
  if (name === 'A')
    return jovoVariant(
      name,
      createApp(config, {
        logger,
        loadLinkedUser: async () => ({ state: 'linked', user: FIXED_USER, source: 'cache' }),
      }),
    );
  if (name === 'B') {
    const client = new CognitoUserClient(config.cognito);
    return jovoVariant(name, createApp(config, { logger, loadLinkedUser: getUserEveryTime(config, client) }), () =>
      client.destroy(),
    );
  }
  if (name === 'C') return jovoVariant(name, createApp(config, { logger }));
  return peerVariant(config);
}
