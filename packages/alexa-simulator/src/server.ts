import express, { NextFunction, Request, Response } from 'express';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import {
  accountLinkingSettings,
  DEFAULT_LOCALES,
  DEFAULT_MODELS_DIR,
  DEFAULT_SIMULATOR_PORT,
  DEFAULT_SKILL_ENDPOINT,
  DEFAULT_SKILL_PACKAGE_DIR,
  defaultSkillId,
  PROJECT_ROOT,
} from './config';
import { SimulatorEngine } from './engine';
import { SimulatorError } from './errors';
import { availableLocales, isCustomSlotType } from './interactionModel';
import { AccountLink, AccountLinkingSettings } from './linking';

/**
 * The simulator's web page and its JSON API. One engine per server: one customer, one device.
 * The page is static HTML + vanilla JS (simulator/public); everything Alexa does happens here.
 */
export interface SimulatorOptions {
  port?: number;
  host?: string;
  skillEndpoint?: string;
  /** Base URL of the Hosted UI / identity service: shown on the page, and linking URLs are moved onto it. */
  identityUrl?: string;
  skillPackageDir?: string;
  modelsDir?: string;
  /** Overrides for what skill-package/accountLinking.json says. */
  accountLinking?: Partial<AccountLinkingSettings>;
  /** Alexa holds the app client's secret for the token exchange. Never logged. */
  clientSecret?: string;
  skillId?: string;
  refreshSkewSeconds?: number;
  locale?: string;
  locales?: string[];
  /** Public URL of GET /callback when it differs from http://<host>:<port>/callback (proxies). */
  callbackUrl?: string;
  /** Where the one startup line goes; the default prints nothing. */
  log?: (line: string) => void;
}

export type ReconfigurableOptions = Pick<
  SimulatorOptions,
  'skillEndpoint' | 'identityUrl' | 'accountLinking' | 'clientSecret' | 'skillId' | 'refreshSkewSeconds'
>;

export interface RunningSimulator {
  url: string;
  callbackUrl: string;
  engine(): SimulatorEngine;
  /**
   * Points the running simulator at another skill or identity service. For stacks whose ports are
   * only known after the simulator listens (its callback URL must be allowed by the identity
   * service first). Starts a new engine: link and transcript are reset.
   */
  configure(options: ReconfigurableOptions): void;
  close(): Promise<void>;
}

const PUBLIC_DIR = join(__dirname, '..', 'public');

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  let current: SimulatorOptions = { ...options };
  const app = express();
  app.disable('x-powered-by');
  const host = options.host ?? '127.0.0.1';
  const listener = await new Promise<Server>((resolve, reject) => {
    const started = app.listen(options.port ?? DEFAULT_SIMULATOR_PORT, host, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = listener.address() as AddressInfo;
  const url = `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  const callbackUrl = options.callbackUrl ?? `${url}/callback`;

  const build = (): SimulatorEngine => {
    const skillPackageDir = current.skillPackageDir ?? DEFAULT_SKILL_PACKAGE_DIR;
    const settings = accountLinkingSettings(skillPackageDir, current.accountLinking, current.identityUrl);
    return new SimulatorEngine({
      skillEndpoint: current.skillEndpoint ?? DEFAULT_SKILL_ENDPOINT,
      skillId: current.skillId ?? defaultSkillId(),
      locale: current.locale,
      models: { skillPackageDir, modelsDir: current.modelsDir ?? DEFAULT_MODELS_DIR },
      link: new AccountLink({
        settings,
        clientSecret: current.clientSecret,
        redirectUri: callbackUrl,
        refreshSkewSeconds: current.refreshSkewSeconds,
      }),
    });
  };
  let engine = build();
  let linkError: string | undefined;

  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));

  app.get('/link', (_req, res) => {
    linkError = undefined;
    res.redirect(302, engine.link.beginAuthorization().url);
  });

  app.get(
    '/callback',
    handle(async (req, res) => {
      const params = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
      try {
        linkError = undefined;
        await engine.completeLink(params);
      } catch (error) {
        linkError = error instanceof SimulatorError ? error.message : 'linking failed';
      }
      res.redirect(303, '/');
    }),
  );

  const api = express.Router();
  api.use(sameOriginJsonOnly(url));
  api.use(express.json({ limit: '32kb' }));
  api.get('/state', (_req, res) => res.json(pageState(engine, current, linkError)));
  api.post(
    '/say',
    handle(async (req, res) => {
      const text = String(req.body?.text ?? '').trim();
      if (!text) return res.status(400).json({ error: 'say something' });
      res.json(await engine.turn(text));
    }),
  );
  api.post(
    '/intent',
    handle(async (req, res) => {
      const intent = String(req.body?.intent ?? '');
      if (!intent) return res.status(400).json({ error: 'pick an intent' });
      const slots = Object.fromEntries(
        Object.entries((req.body?.slots ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]),
      );
      res.json(await engine.turn({ intent, slots }));
    }),
  );
  api.post(
    '/launch',
    handle(async (_req, res) => res.json(await engine.launch())),
  );
  api.post(
    '/session/new',
    handle(async (_req, res) => {
      await engine.newSession();
      res.json(pageState(engine, current, linkError));
    }),
  );
  api.post(
    '/session/end',
    handle(async (_req, res) => res.json(await engine.endSession())),
  );
  api.post(
    '/unlink',
    handle(async (_req, res) => {
      await engine.unlink();
      res.json(pageState(engine, current, linkError));
    }),
  );
  api.post(
    '/locale',
    handle(async (req, res) => {
      await engine.setLocale(String(req.body?.locale ?? ''));
      res.json(pageState(engine, current, linkError));
    }),
  );
  app.use('/api', api);

  app.use((error: Error, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error instanceof SimulatorError ? 400 : 500;
    res.status(status).json({ error: error instanceof SimulatorError ? error.message : 'simulator error' });
  });

  options.log?.(`Alexa simulator: ${url}/ (OAuth callback ${callbackUrl})`);

  return {
    url,
    callbackUrl,
    engine: () => engine,
    configure(update) {
      current = { ...current, ...update };
      engine = build();
      linkError = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve());
        listener.closeAllConnections();
      }),
  };
}

/** Express 4 does not catch rejected promises: pass them to the error handler. */
function handle(fn: (req: Request, res: Response) => Promise<unknown>) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
}

/**
 * The API changes state, so only the page itself may call it: JSON bodies (a cross-site form cannot
 * send application/json without a CORS preflight, which we never grant) and no foreign Origin.
 */
function sameOriginJsonOnly(ownOrigin: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && origin !== ownOrigin && origin !== ownOrigin.replace('localhost', '127.0.0.1')) {
      return res.status(403).json({ error: 'cross-origin requests are not allowed' });
    }
    if (req.method === 'POST' && !req.is('application/json')) {
      return res.status(415).json({ error: 'send application/json' });
    }
    next();
  };
}

function pageState(engine: SimulatorEngine, options: SimulatorOptions, linkError: string | undefined) {
  const models = {
    skillPackageDir: options.skillPackageDir ?? DEFAULT_SKILL_PACKAGE_DIR,
    modelsDir: options.modelsDir ?? DEFAULT_MODELS_DIR,
  };
  let model: ReturnType<SimulatorEngine['model']> | undefined;
  let modelError: string | undefined;
  try {
    model = engine.model();
  } catch (error) {
    modelError = error instanceof Error ? error.message : String(error);
  }
  return {
    serverTime: Date.now(),
    skillEndpoint: engine.skillEndpoint,
    identityUrl: options.identityUrl ?? new URL(engine.link.settings.authorizationUrl).origin,
    locale: engine.locale,
    locales: availableLocales(models, options.locales ?? DEFAULT_LOCALES),
    link: { ...engine.linkStatus(), refreshSkewSeconds: options.refreshSkewSeconds ?? 60 },
    linkError,
    session: engine.sessionState(),
    transcript: engine.transcript(),
    model: model && {
      source: relative(PROJECT_ROOT, model.source),
      invocationName: model.invocationName,
      intents: model.intents.map((intent) => ({
        name: intent.name,
        slots: intent.slots.map((slot) => ({
          name: slot.name,
          type: slot.type,
          values: isCustomSlotType(slot.type) ? (model?.types[slot.type] ?? []).map((value) => value.name) : [],
        })),
      })),
    },
    modelError,
  };
}
