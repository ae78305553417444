import { Lambda } from '@jovotech/server-lambda';
import type { Context } from 'aws-lambda';
import { app } from './app';

/** Same async handler shape as the product's src/server.lambda.ts, so only the apps differ. */
export async function handler(event: unknown, context: Context): Promise<unknown> {
  await app.initialize();
  return new Promise((resolve, reject) => {
    void app.handle(
      new Lambda(event as never, context, (error, response) => (error ? reject(error) : resolve(response))),
    );
  });
}
