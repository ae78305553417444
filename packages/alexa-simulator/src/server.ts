import express, { NextFunction, Request, Response } from 'express';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { EngineOptions, SimulatorEngine } from './engine';
import { SimulatorError } from './errors';

/**
 * The simulator's web page and its JSON API. One engine per server: one customer, one device.
 * The page is static HTML + vanilla JS (public/); everything Alexa does happens here.
 */
export interface SimulatorOptions extends Omit<EngineOptions, 'redirectUri'> {
  /** Default 3001; 0 picks a free port. */
  port?: number;
  /** A loopback address, or a name for one (default 127.0.0.1): callers from other addresses are refused. */
  host?: string;
  /** The skill's own metrics so far (name → figure), when the caller runs the skill: what monitoring would report. */
  skillMetrics?: () => Record<string, string>;
}

export type RunningSimulator = Awaited<ReturnType<typeof startSimulator>>;

const PUBLIC_DIR = join(__dirname, '..', 'public');

export async function startSimulator(options: SimulatorOptions) {
  const host = options.host ?? '127.0.0.1';
  const app = express();
  app.disable('x-powered-by');
  const listener = await new Promise<Server>((resolve, reject) => {
    const started = app.listen(options.port ?? 3001, host, () => resolve(started)).once('error', reject);
  });
  const { port } = listener.address() as AddressInfo;
  const name = ['127.0.0.1', '0.0.0.0', '::'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${name}:${port}`;
  const callbackUrl = `${url}/callback`;
  const close = () => new Promise<void>((resolve) => listener.close(() => resolve()).closeAllConnections());
  let current = options;
  let engine: SimulatorEngine;
  try {
    engine = new SimulatorEngine({ ...current, redirectUri: callbackUrl });
  } catch (error) {
    await close();
    throw error;
  }
  let linkError: string | undefined;
  const state = () => ({ ...pageState(engine, linkError), skillMetrics: current.skillMetrics?.() ?? null });

  const ownHosts = ownHostHeaders(host, port);
  app.use(localOnly(ownHosts));
  app.use(express.static(PUBLIC_DIR));
  app.get('/link', (_req, res) => {
    linkError = undefined;
    res.redirect(302, engine.link.beginAuthorization());
  });
  // The sign-in page sends the browser back here. Only a state this simulator handed out is taken.
  app.get('/callback', (req, res, next) => {
    linkError = undefined;
    const params = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    engine
      .completeLink(params)
      .catch((error) => (linkError = error instanceof SimulatorError ? error.message : 'linking failed'))
      .then(() => res.redirect(303, '/'), next);
  });

  const api = express.Router();
  api.use(sameOriginJsonOnly(ownHosts), express.json({ limit: '32kb' }));
  const post = (path: string, act: (body: Record<string, unknown>) => Promise<unknown>) =>
    api.post(path, (req, res, next) => {
      act(req.body ?? {}).then((answer) => res.json(answer ?? state()), next);
    });
  api.get('/state', (_req, res) => res.json(state()));
  post('/say', async ({ text }) => {
    if (!String(text ?? '').trim()) throw new SimulatorError('say something');
    return engine.turn(String(text));
  });
  post('/session/end', () => engine.endSession());
  post('/unlink', async () => void (await engine.unlink()));
  post('/locale', async ({ locale }) => void (await engine.setLocale(String(locale ?? ''))));
  app.use('/api', api);
  app.use((error: Error, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    // Bad input (ours, or a body express.json cannot parse) is the caller's to fix: 4xx with the reason.
    const status = error instanceof SimulatorError ? 400 : ((error as { status?: number }).status ?? 500);
    res.status(status).json({ error: status < 500 ? error.message : 'simulator error' });
  });

  return {
    url,
    /** The redirect URI the authorization server must allow. */
    callbackUrl,
    /** Points it at another skill or authorization server, for ports known only later; link and transcript reset. */
    configure(update: Partial<SimulatorOptions>) {
      current = { ...current, ...update };
      engine = new SimulatorEngine({ ...current, redirectUri: callbackUrl });
      linkError = undefined;
    },
    close,
  };
}

/** Host headers naming this simulator: localhost, 127.0.0.1, [::1] or the configured host, with the port. */
function ownHostHeaders(host: string, port: number): Set<string> {
  const names = ['localhost', '127.0.0.1', '[::1]', host.includes(':') ? `[${host}]` : host];
  return new Set(names.flatMap((name) => [`${name}:${port}`, ...(port === 80 ? [name] : [])]));
}

const isLoopback = (address = '') => address === '::1' || /^(::ffff:)?127\./.test(address);

/**
 * The API returns the transcript (the user's name and email) and drives linking, so the simulator
 * answers only this machine, and only by its own name. A caller elsewhere is refused by its socket
 * address; a web page whose DNS name was rebound to 127.0.0.1 (DNS rebinding) still sends its own
 * name in Host, and is refused by that.
 */
function localOnly(ownHosts: Set<string>) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isLoopback(req.socket.remoteAddress) && ownHosts.has(req.headers.host?.toLowerCase() ?? '')) return next();
    res.status(403).type('text').send('The Alexa simulator answers only on this machine, at its own address.\n');
  };
}

/**
 * The API changes state, so only the page itself may call it: JSON bodies (a cross-site form cannot
 * send application/json without a CORS preflight, which is never granted) and no foreign Origin.
 */
function sameOriginJsonOnly(ownHosts: Set<string>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && !ownHosts.has(origin.replace(/^http:\/\//, ''))) {
      return res.status(403).json({ error: 'cross-origin requests are not allowed' });
    }
    if (req.method === 'POST' && !req.is('application/json')) {
      return res.status(415).json({ error: 'send application/json' });
    }
    next();
  };
}

function pageState(engine: SimulatorEngine, linkError: string | undefined) {
  const model = engine.model();
  return {
    skillEndpoint: engine.options.skillEndpoint,
    identityUrl: new URL(engine.options.accountLinking.authorizationUrl).origin,
    locale: engine.locale,
    locales: engine.locales,
    link: engine.link.status(),
    linkError,
    session: engine.openSession ?? null,
    transcript: engine.transcript(),
    model: { source: relative(process.cwd(), model.source), invocationName: model.invocationName },
  };
}
