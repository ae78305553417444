import { App } from '@jovotech/framework';
import { ExpressJs } from '@jovotech/server-express';
import express, { NextFunction, Request, Response } from 'express';
import { AddressInfo } from 'node:net';
import { AlexaRequestRejectedError } from './alexa/errors';
import { AlexaRequestPolicy, AlexaRequestVerifier } from './alexa/requestVerifier';
import { Logger } from './logger';

interface ServerBasics {
  app: App;
  logger: Logger;
  /** Largest request body accepted; Alexa's requests are a few kilobytes. */
  bodyLimit?: string;
}

/**
 * Who may call: either the policy (the skill id every request must carry, and whether Amazon's
 * signature and timestamp are checked: `requestPolicyFor(config)`), or a verifier built for one
 * (tests swap its certificate download).
 */
export type SkillServerOptions = ServerBasics &
  (
    | { requestPolicy: AlexaRequestPolicy; requestVerifier?: never }
    | { requestVerifier: AlexaRequestVerifier; requestPolicy?: never }
  );

export interface RunningSkillServer {
  url: string;
  webhookUrl: string;
  close(): Promise<void>;
}

/**
 * Jovo's express adapter answers a failed request with the error's message (and, under
 * NODE_ENV=production, its stack): internals the caller has no business seeing. Same 500, no details;
 * the app's error listener has already logged the error, redacted.
 */
class SkillRequest extends ExpressJs {
  fail(): void {
    if (!this.res.headersSent) this.res.status(500).json({ error: 'internal error' });
  }
}

const ERROR_BODIES: Record<number, string> = {
  400: 'bad request',
  401: 'request not verified',
  413: 'request too large',
};

/**
 * Express app serving the skill at POST /webhook. The body is read raw (Amazon's signature covers
 * its exact bytes), checked by the AlexaRequestVerifier, and only then parsed for Jovo.
 */
export function createSkillServer(options: SkillServerOptions): express.Express {
  const { app, logger } = options;
  const verifier = options.requestVerifier ?? new AlexaRequestVerifier(options.requestPolicy);
  const server = express();
  server.disable('x-powered-by');
  server.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  server.post(
    '/webhook',
    // Any content type: Alexa sends application/json, and a missing header must not hide a body.
    express.raw({ type: () => true, limit: options.bodyLimit ?? '256kb' }),
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
        const envelope = await verifier.verify(rawBody, req.headers);
        req.body = envelope.body;
        await app.handle(new SkillRequest(req, res));
      } catch (error) {
        next(error);
      }
    },
  );
  // Refusals and body-parser failures (too large, aborted) are the caller's fault: 4xx with a short
  // JSON error. The reason is logged; the body and headers never are (they carry the user's token).
  server.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof AlexaRequestRejectedError) {
      logger.warn('alexa request rejected', { status: error.status, reason: error.reason });
      res.status(error.status).json({ error: ERROR_BODIES[error.status] });
      return;
    }
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error('webhook failed', { errorName: error.name });
    else logger.warn('bad webhook request', { status, errorType: error.type });
    res.status(status).json({ error: ERROR_BODIES[status] ?? (status === 500 ? 'internal error' : 'bad request') });
  });
  return server;
}

export async function startSkillServer(
  options: SkillServerOptions & { port?: number; host?: string },
): Promise<RunningSkillServer> {
  await options.app.initialize();
  const server = createSkillServer(options);
  const listener = await new Promise<import('node:http').Server>((resolve, reject) => {
    const started = server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve(started));
    started.once('error', reject);
  });
  const { port } = listener.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
  const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`;
  return {
    url,
    webhookUrl: `${url}/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve());
        listener.closeAllConnections();
      }),
  };
}
