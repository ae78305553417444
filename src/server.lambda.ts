// First: the Jovo packages' ES module builds (which the Lambda build bundles) declare their output
// classes with decorators that record type metadata only if reflect-metadata is already loaded.
import 'reflect-metadata';
import { Lambda } from '@jovotech/server-lambda';
import type { Context } from 'aws-lambda';
import { performance } from 'node:perf_hooks';
import { checkEnvelope, checkSkillId } from './alexa/envelope';
import { AlexaRequestRejectedError } from './alexa/errors';
import { app, config, logger, metrics } from './app.prod';

const ready = app.initialize();
// Awaited by every request; this only keeps a failed start from being an unhandled rejection.
ready.catch(() => undefined);

/**
 * The Lambda entry point, async: Node 24 runtimes drop callback-style handlers, so the Jovo
 * Lambda server's callback is turned into the promise the runtime awaits.
 *
 * The alexaSkill trigger's skill-id condition already limits who may invoke the function; the id is
 * checked here too (Amazon asks for it, and a trigger added without the condition must not open the
 * skill to every other skill). A refused event rejects with AlexaRequestRejectedError, as the ASK SDK
 * does for a wrong id: Alexa gets an error, never an answer meant for another skill.
 *
 * Every invocation writes its metrics before it returns, an error included (src/metrics.ts).
 */
export async function handler(event: unknown, context: Context): Promise<unknown> {
  const started = performance.now();
  metrics.coldStart();
  try {
    try {
      checkSkillId(checkEnvelope(event), config.skillId);
    } catch (error) {
      if (error instanceof AlexaRequestRejectedError) {
        metrics.add('RejectedRequests');
        logger.warn('alexa request rejected', { status: error.status, reason: error.reason });
      }
      throw error;
    }
    await ready;
    return await new Promise((resolve, reject) => {
      void app.handle(
        new Lambda(event as never, context, (error, response) =>
          error ? reject(genericError(error)) : resolve(response),
        ),
      );
    });
  } finally {
    metrics.add('AnswerLatency', performance.now() - started);
    metrics.flush();
  }
}

/** Jovo passes the raw error (its message may quote input); the app's error listener already logged it. */
function genericError(error: unknown): Error {
  const failed = new Error('skill request failed');
  failed.name = error instanceof Error ? error.name : 'Error';
  return failed;
}
