import { App } from '@jovotech/framework';
import { AlexaRequestPolicy } from './alexa/requestVerifier';
import { Logger } from './logger';

/**
 * What createApp knows about an app that Jovo has no place for: its logger (components are built
 * by Jovo, so they cannot take one in their constructor without decorator metadata, which the
 * esbuild bundle does not emit) and its request policy (which skill id it answers for, and whether
 * Amazon's signature is required), so every server serving the app checks requests the same way.
 * Keyed by the app instance, so two apps in one process (tests) never share either.
 */
export interface AppContext {
  logger: Logger;
  requestPolicy: AlexaRequestPolicy;
}

const contexts = new WeakMap<App, AppContext>();

export function attachAppContext(app: App, context: AppContext): void {
  contexts.set(app, context);
}

export function appContextOf(app: App): AppContext | undefined {
  return contexts.get(app);
}
