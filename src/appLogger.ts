import { App, Jovo } from '@jovotech/framework';
import { Logger } from './logger';

/**
 * Components are constructed by Jovo, so they cannot take a logger in their constructor without
 * decorator metadata (which the esbuild bundle does not emit). Each app gets its logger here, keyed
 * by the app instance, so two apps in one process (tests) never share one.
 */
const loggers = new WeakMap<App, Logger>();

export function attachLogger(app: App, logger: Logger): void {
  loggers.set(app, logger);
}

export function loggerOf(jovo: Jovo): Logger | undefined {
  return loggers.get(jovo.$app);
}
