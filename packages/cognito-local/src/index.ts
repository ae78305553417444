/**
 * The local Cognito stand-in: programmatic API for the `cognito-local` command, the project's
 * `npm start`, tests and scripts. A skill only talks to it over HTTP.
 */
import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { AccessTokenClaimNames, AccessTokenClaimsOption, resolveAccessTokenClaims } from './accessTokenClaims';
import { AppClient } from './appClients';
import { FaultInjector, Faults, IdentityStats } from './faults';
import { createLogger, Logger, LogLevel } from './log';
import { SignInLockout } from './lockout';
import { AuthorizationCodes } from './oauthEndpoints';
import { adminRefusalFor, createIdentityServer, ServiceContext } from './server';
import { SignInCsrf } from './loginPage';
import { loadOrCreateSigningKey } from './signingKey';
import { IdentityStore, UsernameAttribute } from './store';
import { TokenIssuer } from './tokens';

export type { AccessTokenClaimNames, AccessTokenClaimsOption, Faults, IdentityStats, Logger, LogLevel };
export type { UsernameAttribute };
export { InvalidAccessTokenClaimsError } from './accessTokenClaims';

/** This package's folder (seed.json is there), from src/ or from the launcher's bundle in node_modules/.cache. */
function packageDir(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) if (existsSync(join(dir, 'seed.json'))) return dir;
  return resolve(from, '..');
}

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
  /**
   * Opt-in: access tokens also carry the user's email and name attributes, as with Cognito's pre token
   * generation trigger (event version 2, claimsToAddOrOverride). `{}` uses the claim names `email` and
   * `name`; give other names per attribute. Default false: Cognito's plain access tokens.
   */
  accessTokenClaims?: AccessTokenClaimsOption;
  /** The clock of sign-in lockouts (ms since the epoch), so tests need not wait. Default Date.now. */
  now?: () => number;
  /** Defaults to the service's own redacting JSON logger (log.ts) at `logLevel`. */
  logger?: Logger;
  /** Level of the default logger; default 'warn' (quiet). Request lines are 'debug'. */
  logLevel?: LogLevel;
}

export interface RunningIdentityService {
  /** e.g. http://127.0.0.1:9339 — the Cognito API endpoint and Hosted UI domain. */
  url: string;
  issuer: string;
  userPoolId: string;
  region: string;
  /** The seeded (first) app client and its generated secret, as DescribeUserPoolClient returns it. */
  clientId: string;
  clientSecret: string;
  jwksUri: string;
  /** Claim names in force for opt-in access-token claims, or undefined when off. */
  accessTokenClaims: AccessTokenClaimNames | undefined;
  /** Where pool data, client secrets and the signing key are kept. */
  dataDir: string;
  /** True when this start created the data folder's pool from the seed (first start). */
  seeded: boolean;
  stats(): IdentityStats;
  resetStats(): void;
  setFaults(faults: Faults): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startIdentityService(options: IdentityServiceOptions = {}): Promise<RunningIdentityService> {
  // Checked before anything is written: a bad claim name must not leave a half-made data folder.
  const accessTokenClaims = resolveAccessTokenClaims(options.accessTokenClaims);
  const usernameAttributes = options.usernameAttributes ?? [];
  const dataDir = options.dataDir ?? resolve('.data', `cognito-local${usernameAttributes.length ? '-email' : ''}`);
  const seedPath = options.seedPath ?? join(packageDir(__dirname), 'seed.json');
  // First start: seeding (scrypt) and key generation run side by side on libuv's thread pool.
  const [store, key] = await Promise.all([
    IdentityStore.open(dataDir, seedPath, usernameAttributes),
    loadOrCreateSigningKey(dataDir),
  ]);
  const issuer = `https://cognito-idp.${store.pool.region}.amazonaws.com/${store.userPoolId}`;
  const tokens = new TokenIssuer(key, store, { ...options, issuer, accessTokenClaims });

  const seededClient = store.pool.clients[0] as AppClient | undefined;
  const alexa = ALEXA_HOSTS.map((host) => `https://${host}/api/skill/link/${options.alexaVendorId}`);
  const extraRedirects = [...(options.alexaVendorId ? alexa : []), ...(options.callbackUrls ?? [])];
  const redirectUrisOf = (client: AppClient) =>
    client.ClientId === seededClient?.ClientId
      ? [...new Set([...client.CallbackURLs, ...extraRedirects])]
      : client.CallbackURLs;
  const faults = new FaultInjector(options.faults);
  let baseUrl = '';
  let adminRefusal: ServiceContext['adminRefusal'] = () => 'starting';
  const server = createIdentityServer({
    ...{ store, tokens, faults, key, issuer, redirectUrisOf, accessTokenClaims },
    lockout: new SignInLockout(options.now ?? Date.now),
    codes: new AuthorizationCodes(options.authorizationCodeTtlSeconds ?? 300),
    csrf: new SignInCsrf(),
    logger: options.logger ?? createLogger(options.logLevel),
    baseUrl: () => baseUrl,
    adminRefusal: (req) => adminRefusal(req),
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 9339, host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  adminRefusal = adminRefusalFor(host, address.port);
  baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url: baseUrl,
    issuer,
    userPoolId: store.userPoolId,
    region: store.pool.region,
    clientId: seededClient?.ClientId ?? '',
    clientSecret: seededClient?.ClientSecret ?? '',
    jwksUri: `${baseUrl}/${store.userPoolId}/.well-known/jwks.json`,
    accessTokenClaims,
    dataDir,
    seeded: store.seeded,
    stats: () => faults.stats(),
    resetStats: () => faults.resetStats(),
    setFaults: (next) => void faults.set(next),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolveClose) => {
        faults.releaseAll();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
