/**
 * The local Cognito stand-in: programmatic API for the `cognito-local` command, the project's
 * `npm start`, tests and scripts. A skill only talks to it over HTTP.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { AccessTokenClaimNames, AccessTokenClaimsOption, resolveAccessTokenClaims } from './accessTokenClaims';
import { AppClient } from './appClients';
import { FaultInjector, Faults, IdentityStats } from './faults';
import { ownHostNames } from './http';
import { SignInLockout } from './lockout';
import { createLogger, Logger, LogLevel } from './log';
import { SignInCsrf } from './loginPage';
import { AuthorizationCodes } from './oauthEndpoints';
import { createIdentityServer } from './server';
import { loadOrCreateSigningKey } from './signingKey';
import { IdentityStore, UsernameAttribute } from './store';
import { TokenIssuer } from './tokens';

export type { AccessTokenClaimNames, AccessTokenClaimsOption, Faults, IdentityStats, Logger, LogLevel };
export type { UsernameAttribute };
export { InvalidAccessTokenClaimsError } from './accessTokenClaims';

/** The package's seed.json: beside src/, or three folders above the launcher's bundle (node_modules/.cache/...). */
const SEED = [join(__dirname, '../seed.json'), join(__dirname, '../../../seed.json')].find((file) => existsSync(file));

/** Where Alexa's account linking redirects, one host per Alexa region (https://<host>/api/skill/link/<vendorId>). */
const ALEXA_HOSTS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'];

export interface IdentityServiceOptions {
  /** 0 picks a free port (tests). Default 9339. */
  port?: number;
  /** Default 127.0.0.1. Another address opens sign-in (not the admin surface) to that network. */
  host?: string;
  /** Where pool data and the signing key live. Default .data/cognito-local (…-email for an email pool). */
  dataDir?: string;
  /** Seed for a new data folder. Default this package's seed.json. */
  seedPath?: string;
  /** ['email']: users sign in by email and get a UUID as username (Cognito's UsernameAttributes). Default []. */
  usernameAttributes?: UsernameAttribute[];
  /** Access and ID token lifetime for every client this run, instead of the clients' validities. */
  accessTokenTtlSeconds?: number;
  /** Refresh token lifetime for every client this run, instead of the clients' RefreshTokenValidity. */
  refreshTokenTtlSeconds?: number;
  /** Lifetime of Hosted UI authorization codes; default 300 (Cognito: 5 minutes). */
  authorizationCodeTtlSeconds?: number;
  /** Extra allowed redirect URIs for the seeded (first) client, this run only. */
  callbackUrls?: string[];
  /** Also allow Alexa's three account-linking redirect URLs for this vendor id (this run only). */
  alexaVendorId?: string;
  faults?: Faults;
  /** Opt-in (accessTokenClaims.ts): access tokens carry email and name; `{}` for claims "email", "name". */
  accessTokenClaims?: AccessTokenClaimsOption;
  /** The clock of sign-in lockouts (ms since the epoch), so tests need not wait. Default Date.now. */
  now?: () => number;
  /** Defaults to the service's own redacting JSON logger (log.ts) at `logLevel`. */
  logger?: Logger;
  /** Level of the default logger; default 'warn' (quiet). Request lines are 'debug'. */
  logLevel?: LogLevel;
}

export type RunningIdentityService = Awaited<ReturnType<typeof startIdentityService>>;
/** What every request handler may use: one service's state and settings. */
export type ServiceContext = Awaited<ReturnType<typeof serviceContext>>;

async function serviceContext(options: IdentityServiceOptions) {
  // Checked before anything is written: a bad claim name must not leave a half-made data folder.
  const accessTokenClaims = resolveAccessTokenClaims(options.accessTokenClaims);
  const usernameAttributes = options.usernameAttributes ?? [];
  const dataDir = options.dataDir ?? resolve('.data', `cognito-local${usernameAttributes.length ? '-email' : ''}`);
  const seedPath = options.seedPath ?? SEED ?? 'seed.json';
  // First start: seeding (scrypt) and key generation run side by side on libuv's thread pool.
  const [store, key] = await Promise.all([
    IdentityStore.open(dataDir, seedPath, usernameAttributes),
    loadOrCreateSigningKey(dataDir),
  ]);
  const issuer = `https://cognito-idp.${store.pool.region}.amazonaws.com/${store.pool.userPoolId}`;
  const seededClient = store.pool.clients[0] as AppClient | undefined;
  const alexa = ALEXA_HOSTS.map((host) => `https://${host}/api/skill/link/${options.alexaVendorId}`);
  const extraRedirects = [...(options.alexaVendorId ? alexa : []), ...(options.callbackUrls ?? [])];
  return {
    ...{ store, key, issuer, dataDir, seededClient, accessTokenClaims },
    tokens: new TokenIssuer(key, store, { ...options, issuer, accessTokenClaims }),
    lockout: new SignInLockout(options.now ?? Date.now),
    codes: new AuthorizationCodes(options.authorizationCodeTtlSeconds ?? 300),
    csrf: new SignInCsrf(),
    faults: new FaultInjector(options.faults),
    logger: options.logger ?? createLogger(options.logLevel),
    /** Redirect URIs in force for a client: the seeded one also takes those allowed for this run. */
    redirectUrisOf: (client: AppClient) =>
      client.ClientId === seededClient?.ClientId
        ? [...new Set([...client.CallbackURLs, ...extraRedirects])]
        : client.CallbackURLs,
    /** Known once the server listens (port 0 picks one); the Host header values that name it. */
    baseUrl: '',
    ownHosts: new Set<string>(),
  };
}

export async function startIdentityService(options: IdentityServiceOptions = {}) {
  const context = await serviceContext(options);
  const { store, faults, seededClient } = context;
  const server = createIdentityServer(context);
  const host = options.host ?? '127.0.0.1';
  await once(server.listen(options.port ?? 9339, host), 'listening');
  const { address, family, port } = server.address() as AddressInfo;
  context.ownHosts = ownHostNames(host, port);
  context.baseUrl = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  const url = context.baseUrl;
  return {
    /** e.g. http://127.0.0.1:9339: the Cognito API endpoint and the Hosted UI's domain. */
    url,
    issuer: context.issuer,
    userPoolId: store.pool.userPoolId,
    region: store.pool.region,
    /** The seeded (first) app client and its generated secret, as DescribeUserPoolClient returns it. */
    clientId: seededClient?.ClientId ?? '',
    clientSecret: seededClient?.ClientSecret ?? '',
    jwksUri: `${url}/${store.pool.userPoolId}/.well-known/jwks.json`,
    /** Claim names in force for the opt-in access-token claims, or undefined when off. */
    accessTokenClaims: context.accessTokenClaims,
    dataDir: context.dataDir,
    /** True when this start made the data folder's pool from the seed (first start). */
    seeded: store.seeded,
    stats: (): IdentityStats => faults.stats(),
    resetStats: (): void => void faults.resetStats(),
    setFaults: (next: Faults): void => void faults.set(next),
    clearFaults: (): void => void faults.clear(),
    close: async () => {
      faults.releaseAll();
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
