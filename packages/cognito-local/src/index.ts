/**
 * The local Cognito-compatible identity service: programmatic API for the `cognito-local` command,
 * the project's `npm start`, tests and scripts. A skill only talks to it over HTTP.
 */
import { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import OAuth2Server from '@node-oauth/oauth2-server';
import {
  AccessTokenClaimNames,
  AccessTokenClaimsOption,
  InvalidAccessTokenClaimsError,
  resolveAccessTokenClaims,
} from './accessTokenClaims';
import { FaultInjector, IdentityStats } from './faultInjector';
import { Faults } from './faults';
import { createOAuthModel } from './oauthModel';
import { defaultLogger, Logger, LogLevel } from './requestLog';
import { createIdentityServer, ServiceContext } from './server';
import { SignInCsrf } from './signInCsrf';
import { loadOrCreateSigningKey } from './signingKey';
import { alexaRedirectUrls, IdentityStore } from './store';
import { TokenIssuer } from './tokens';

export type { AccessTokenClaimNames, AccessTokenClaimsOption, Faults, IdentityStats, Logger, LogLevel };
export { InvalidAccessTokenClaimsError };

/** This package's folder (seed.json is there), from src/ or from the launcher's bundle in node_modules/.cache. */
function packageDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'seed.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..');
  }
}

const PACKAGE_DIR = packageDir(__dirname);

export interface IdentityServiceOptions {
  /** 0 picks a free port (tests). Default 9339. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where pool data and the signing key live. Default .data/cognito-local in the working directory. */
  dataDir?: string;
  /** Seed for a new data folder. Default this package's seed.json. */
  seedPath?: string;
  /** Default 3600 (Cognito's default). */
  accessTokenTtlSeconds?: number;
  /** Default 30 days (Cognito's default). */
  refreshTokenTtlSeconds?: number;
  /** Lifetime of Hosted UI authorization codes; default 300 (Cognito: 5 minutes). */
  authorizationCodeTtlSeconds?: number;
  /** Extra allowed redirect URIs for the seeded client (not persisted). */
  callbackUrls?: string[];
  /** Also allow Alexa's three account-linking redirect URLs for this vendor id (not persisted). */
  alexaVendorId?: string;
  faults?: Faults;
  /**
   * Opt-in: access tokens also carry the user's email and name attributes, as with Cognito's pre token
   * generation trigger (event version 2, claimsToAddOrOverride). `{}` uses the claim names `email` and
   * `name`; give other names per attribute. Default false: Cognito's plain access tokens.
   */
  accessTokenClaims?: AccessTokenClaimsOption;
  /** Defaults to the service's own redacting JSON logger (identity/src/log.ts) at `logLevel`. */
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
  clientId: string;
  /** The app client's generated secret, as DescribeUserPoolClient returns it. */
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
  const logger = options.logger ?? defaultLogger(options.logLevel);
  const dataDir = options.dataDir ?? resolve('.data', 'cognito-local');
  const seedPath = options.seedPath ?? join(PACKAGE_DIR, 'seed.json');
  // First start: seeding (scrypt) and key generation run side by side on libuv's thread pool.
  const [store, key] = await Promise.all([IdentityStore.open(dataDir, seedPath), loadOrCreateSigningKey(dataDir)]);
  const issuer = `https://cognito-idp.${store.region}.amazonaws.com/${store.userPoolId}`;
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
  const refreshTokenTtlSeconds = options.refreshTokenTtlSeconds ?? 30 * 24 * 3600;
  store.pruneSessions(Date.now(), accessTokenTtlSeconds * 1000);
  for (const clientId of store.rotatedSecretClientIds) {
    logger.warn('app client secret replaced: the data folder held the secret an older seed published', { clientId });
  }
  const tokens = new TokenIssuer(key, store, {
    issuer,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    accessTokenClaims,
  });

  const seededClient = store.clients[0];
  const extraRedirects = [
    ...(options.alexaVendorId ? alexaRedirectUrls(options.alexaVendorId) : []),
    ...(options.callbackUrls ?? []),
  ];
  const redirectUrisOf = (clientId: string) => {
    const client = store.client(clientId);
    if (!client) return [];
    return client === seededClient ? [...client.callbackUrls, ...extraRedirects] : client.callbackUrls;
  };
  const oauth = new OAuth2Server({
    model: createOAuthModel({ store, tokens, redirectUrisOf }),
    accessTokenLifetime: accessTokenTtlSeconds,
    refreshTokenLifetime: refreshTokenTtlSeconds,
    authorizationCodeLifetime: options.authorizationCodeTtlSeconds ?? 300,
    allowEmptyState: true,
    allowExtendedTokenAttributes: true,
    alwaysIssueNewRefreshToken: false,
    // The token endpoint authenticates clients itself (clientAuthentication.ts) before the library runs.
    requireClientAuthentication: { authorization_code: false, refresh_token: false },
  });

  const faults = new FaultInjector(options.faults);
  let baseUrl = '';
  const context: ServiceContext = {
    store,
    tokens,
    oauth,
    faults,
    key,
    issuer,
    redirectUrisOf,
    csrf: new SignInCsrf(),
    logger,
    baseUrl: () => baseUrl,
  };
  const server = createIdentityServer(context);
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 9339, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  return {
    url: baseUrl,
    issuer,
    userPoolId: store.userPoolId,
    region: store.region,
    clientId: seededClient.clientId,
    clientSecret: seededClient.clientSecret ?? '',
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
