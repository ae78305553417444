import { App } from '@jovotech/framework';
import { ExpressJs } from '@jovotech/server-express';
import express, { NextFunction, Request, Response } from 'express';
import { AddressInfo } from 'node:net';
import { Logger } from './logger';

export interface SkillServerOptions {
  app: App;
  logger: Logger;
  /** Largest request body accepted; Alexa's requests are a few kilobytes. */
  bodyLimit?: string;
}

export interface RunningSkillServer {
  url: string;
  webhookUrl: string;
  close(): Promise<void>;
}

/** Express app serving the skill at POST /webhook, answering bad input with a short JSON error. */
export function createSkillServer(options: SkillServerOptions): express.Express {
  const { app, logger } = options;
  const server = express();
  server.disable('x-powered-by');
  server.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  server.post(
    '/webhook',
    express.json({ limit: options.bodyLimit ?? '256kb' }),
    async (req: Request, res: Response) => {
      await app.handle(new ExpressJs(req, res));
    },
  );
  // Body parser failures (malformed JSON, too large) are the caller's fault: 4xx, no body in logs.
  server.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error('webhook failed', { errorName: error.name });
    else logger.warn('bad webhook request', { status, errorType: error.type });
    res.status(status).json({ error: status === 500 ? 'internal error' : 'bad request' });
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
