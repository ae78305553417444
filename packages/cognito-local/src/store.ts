/**
 * The pool's data — app clients (with their generated secrets), users and sign-in sessions — as one
 * JSON file in the data folder, seeded from identity/seed.json on first start and rewritten atomically (temp file + rename) after
 * every change, so a crash never leaves half a file and a restart keeps users and refresh tokens.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClientSecret, PUBLISHED_SECRETS } from './clientSecrets';
import { hashPassword } from './passwords';

export type UserStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

export interface PoolUser {
  username: string;
  sub: string;
  passwordHash?: string;
  enabled: boolean;
  status: UserStatus;
  /** Standard attributes other than sub (email, email_verified, name, ...). */
  attributes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface AppClient {
  clientId: string;
  clientName: string;
  /**
   * Generated on first start (clientSecrets.ts). Kept in clear: it keys SECRET_HASH (HMAC) and is
   * compared on every token request, and DescribeUserPoolClient returns it, as in Cognito.
   */
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  allowedScopes: string[];
  explicitAuthFlows: string[];
  /** Epoch ms; absent in data folders written by older versions (filled in on open). */
  createdAt?: number;
  updatedAt?: number;
}

/**
 * One sign-in (InitiateAuth or code exchange): its refresh token and every access token issued from it
 * share `originJti`, which is how revoking a refresh token or GlobalSignOut revokes access tokens too.
 */
export interface SignInSession {
  originJti: string;
  username: string;
  sub: string;
  clientId: string;
  /** SHA-256 of the opaque refresh token; the token itself is never stored. */
  refreshTokenHash: string;
  refreshTokenExpiresAt: number;
  authTime: number;
  /** Cognito's event_id: one per authentication event, repeated in every token it leads to. */
  eventId: string;
  scope: string[];
  nonce?: string;
  revoked: boolean;
}

interface StoreFile {
  version: 1;
  region: string;
  userPoolId: string;
  clients: AppClient[];
  users: PoolUser[];
  sessions: SignInSession[];
}

export interface SeedClient extends Omit<AppClient, 'callbackUrls' | 'clientSecret' | 'createdAt' | 'updatedAt'> {
  callbackUrls?: string[];
  alexaCallbacks?: boolean;
  /** As CreateUserPoolClient's GenerateSecret: the secret is generated when the data folder is made. */
  generateSecret?: boolean;
  /** A fixed secret, for tests that need particular characters; the shipped seed generates one. */
  clientSecret?: string;
}

export interface SeedFile {
  region: string;
  userPoolId: string;
  alexaVendorId?: string;
  clients: SeedClient[];
  users: Array<{ username: string; password: string; sub?: string; attributes: Record<string, string> }>;
}

/** Alexa's account-linking redirect URLs for a vendor (https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-authorization-code-grant.html). */
export function alexaRedirectUrls(vendorId: string): string[] {
  return ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].map(
    (host) => `https://${host}/api/skill/link/${vendorId}`,
  );
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

const userKey = (username: string) => username.toLowerCase(); // Cognito usernames are case-insensitive.

export class IdentityStore {
  private readonly users = new Map<string, PoolUser>();
  private readonly sessions = new Map<string, SignInSession>();
  private readonly file: string;

  private constructor(
    private readonly data: StoreFile,
    dataDir: string,
  ) {
    this.file = join(dataDir, 'pool.json');
    for (const user of data.users) this.users.set(userKey(user.username), user);
    for (const session of data.sessions) this.sessions.set(session.originJti, session);
  }

  /** App clients whose published secret was replaced by a generated one when this store was opened. */
  readonly rotatedSecretClientIds: string[] = [];
  /** True when this open created the data from the seed (users, client secrets). */
  seeded = false;

  static async open(dataDir: string, seedPath: string): Promise<IdentityStore> {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, 'pool.json');
    if (existsSync(file)) {
      const store = new IdentityStore(JSON.parse(readFileSync(file, 'utf8')) as StoreFile, dataDir);
      if (store.upgradeClients(Date.now())) store.save();
      return store;
    }
    const store = new IdentityStore(await seedData(JSON.parse(readFileSync(seedPath, 'utf8')) as SeedFile), dataDir);
    store.seeded = true;
    store.save();
    return store;
  }

  /**
   * Data folders written by older versions: their clients have no dates, and may hold the secret the
   * repository once published, which is no secret; it is replaced (clients read the new one with
   * DescribeUserPoolClient). Users, sessions and refresh tokens are kept. True when anything changed.
   */
  private upgradeClients(now: number): boolean {
    let changed = false;
    for (const client of this.data.clients) {
      if (client.createdAt === undefined || client.updatedAt === undefined) {
        client.createdAt ??= now;
        client.updatedAt ??= now;
        changed = true;
      }
      if (client.clientSecret !== undefined && PUBLISHED_SECRETS.has(client.clientSecret)) {
        client.clientSecret = generateClientSecret();
        client.updatedAt = now;
        this.rotatedSecretClientIds.push(client.clientId);
        changed = true;
      }
    }
    return changed;
  }

  get region(): string {
    return this.data.region;
  }

  get userPoolId(): string {
    return this.data.userPoolId;
  }

  get clients(): readonly AppClient[] {
    return this.data.clients;
  }

  client(clientId: string): AppClient | undefined {
    return this.data.clients.find((client) => client.clientId === clientId);
  }

  user(username: string): PoolUser | undefined {
    return this.users.get(userKey(username));
  }

  putUser(user: PoolUser): void {
    this.users.set(userKey(user.username), user);
    this.save();
  }

  deleteUser(username: string): void {
    this.users.delete(userKey(username));
    this.revokeSessionsOf(username);
  }

  session(originJti: string): SignInSession | undefined {
    return this.sessions.get(originJti);
  }

  sessionByRefreshToken(refreshToken: string): SignInSession | undefined {
    const hash = hashRefreshToken(refreshToken);
    for (const session of this.sessions.values()) if (session.refreshTokenHash === hash) return session;
    return undefined;
  }

  addSession(session: Omit<SignInSession, 'revoked'>): SignInSession {
    const created: SignInSession = { ...session, revoked: false };
    this.sessions.set(created.originJti, created);
    this.save();
    return created;
  }

  revokeSession(session: SignInSession): void {
    session.revoked = true;
    this.save();
  }

  /** GlobalSignOut: every refresh token of the user, and every access token issued from them. */
  revokeSessionsOf(username: string): void {
    for (const session of this.sessions.values()) {
      if (userKey(session.username) === userKey(username)) session.revoked = true;
    }
    this.save();
  }

  /** Sessions whose refresh token (and so every access token) has expired carry no information. */
  pruneSessions(now: number, accessTokenTtlMs: number): void {
    for (const [id, session] of this.sessions) {
      if (session.refreshTokenExpiresAt + accessTokenTtlMs < now) this.sessions.delete(id);
    }
  }

  save(): void {
    const snapshot: StoreFile = {
      ...this.data,
      users: [...this.users.values()],
      sessions: [...this.sessions.values()],
    };
    writeJsonAtomically(this.file, snapshot);
  }
}

export function writeJsonAtomically(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(temp, file);
}

async function seedData(seed: SeedFile): Promise<StoreFile> {
  const now = Date.now();
  const users = await Promise.all(
    seed.users.map(async (user): Promise<PoolUser> => ({
      username: user.username,
      sub: user.sub ?? randomUUID(),
      passwordHash: await hashPassword(user.password),
      enabled: true,
      status: 'CONFIRMED',
      attributes: { ...user.attributes },
      createdAt: now,
      updatedAt: now,
    })),
  );
  const clients = seed.clients.map(({ alexaCallbacks, generateSecret, clientSecret, ...client }): AppClient => {
    const alexa = alexaCallbacks && seed.alexaVendorId ? alexaRedirectUrls(seed.alexaVendorId) : [];
    const secret = clientSecret ?? (generateSecret ? generateClientSecret() : undefined);
    return {
      ...client,
      ...(secret !== undefined ? { clientSecret: secret } : {}),
      callbackUrls: [...alexa, ...(client.callbackUrls ?? [])],
      createdAt: now,
      updatedAt: now,
    };
  });
  return { version: 1, region: seed.region, userPoolId: seed.userPoolId, clients, users, sessions: [] };
}
