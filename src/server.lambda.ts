import { Lambda } from '@jovotech/server-lambda';
import type { Context } from 'aws-lambda';
import { app } from './app.prod';

/**
 * The Lambda entry point, async: Node 24 runtimes drop callback-style handlers, so the Jovo
 * Lambda server's callback is turned into the promise the runtime awaits.
 */
export async function handler(event: unknown, context: Context): Promise<unknown> {
  await app.initialize();
  return new Promise((resolve, reject) => {
    void app.handle(
      new Lambda(event as never, context, (error, response) => (error ? reject(error) : resolve(response))),
    );
  });
}
