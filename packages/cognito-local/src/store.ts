/**
 * The user pool's data (settings, domain, app clients, users, sign-in sessions) as one JSON file in the
 * data folder, made from seed.json on first start and rewritten atomically (temp file + rename) after
 * every change, so a crash never leaves half a file and a restart keeps users and refresh tokens.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiInput } from './apiInput';
import { AppClient, newClient } from './appClients';
import { hashPassword } from './passwords';

export interface PoolUser {
  /** In a pool whose UsernameAttributes is [email], a generated UUID (the sub), as in Cognito. */
  username: string;
  sub: string;
  passwordHash?: string;
  enabled: boolean;
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';
  /** Attributes other than sub (email, email_verified, name, preferred_username, ...). */
  attributes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
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

export type UsernameAttribute = 'email';

interface Pool {
  version: 2;
  region: string;
  userPoolId: string;
  name: string;
  usernameAttributes: UsernameAttribute[];
  /** The prefix domain whose Hosted UI this service serves at its own address. */
  domain?: { name: string; managedLoginVersion: number };
  createdAt: number;
  updatedAt: number;
  clients: AppClient[];
  users: PoolUser[];
  sessions: SignInSession[];
}

/** seed.json: the pool, its domain, users, and app clients as CreateUserPoolClient input with a fixed ClientId. */
type SeedFile = Pick<Pool, 'region' | 'userPoolId'> & { poolName: string; domain?: string; clients: ApiInput[] } & {
  users: Array<{ username: string; password: string; sub?: string; attributes: Record<string, string> }>;
};

export class DataFolderError extends Error {
  readonly name = 'DataFolderError';
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase(); // names are case-insensitive

export class IdentityStore {
  private constructor(
    readonly pool: Pool,
    private readonly file: string,
    /** True when this open made the pool from the seed. */
    readonly seeded: boolean,
  ) {
    // A session whose refresh token, and so every access token (at most a day long), has expired is dropped.
    pool.sessions = pool.sessions.filter((session) => session.refreshTokenExpiresAt + 86400_000 > Date.now());
  }

  static async open(dataDir: string, seedPath: string, usernameAttributes: UsernameAttribute[]) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, 'pool.json');
    if (!existsSync(file)) {
      const store = new IdentityStore(await seedPool(readJson(seedPath), usernameAttributes), file, true);
      store.save();
      return store;
    }
    const pool = readJson(file) as Pool;
    if (pool.version !== 2) throw new DataFolderError(`${file} was written by another version: delete ${dataDir}`);
    // As in Cognito, a pool's username attributes are fixed when it is made.
    if (pool.usernameAttributes.join() !== usernameAttributes.join()) {
      const held = `[${pool.usernameAttributes.join(', ')}]`;
      throw new DataFolderError(`${dataDir} holds a pool with UsernameAttributes ${held}: use another data folder`);
    }
    return new IdentityStore(pool, file, false);
  }

  get emailIsUsername() {
    return this.pool.usernameAttributes.includes('email');
  }

  client = (clientId: string) => this.pool.clients.find((client) => client.ClientId === clientId);

  /** In place: the seeded client stays first, the one startIdentityService reports. */
  putClient(client: AppClient): void {
    const index = this.pool.clients.findIndex((other) => other.ClientId === client.ClientId);
    this.pool.clients.splice(index < 0 ? this.pool.clients.length : index, 1, client);
    this.save();
  }

  /** Its sign-ins end with it: tokens of a deleted app client are no longer honoured. */
  deleteClient(clientId: string): void {
    this.pool.clients = this.pool.clients.filter((client) => client.ClientId !== clientId);
    this.revokeSessions((session) => session.clientId === clientId);
  }

  setDomain(domain: Pool['domain']): void {
    this.pool.domain = domain;
    this.pool.updatedAt = Date.now();
    this.save();
  }

  /** By username; in a pool whose UsernameAttributes is [email], also by email (what people sign in with). */
  user(name: string): PoolUser | undefined {
    const byName = this.pool.users.find((user) => same(user.username, name));
    if (byName || !this.emailIsUsername) return byName;
    return this.pool.users.find((user) => same(user.attributes.email, name));
  }

  putUser(user: PoolUser): void {
    this.pool.users = [...this.pool.users.filter((other) => other.username !== user.username), user];
    this.save();
  }

  deleteUser(username: string): void {
    this.pool.users = this.pool.users.filter((user) => user.username !== username);
    this.revokeSessionsOf(username);
  }

  session = (originJti: string) => this.pool.sessions.find((session) => session.originJti === originJti);

  sessionByRefreshToken(refreshToken: string): SignInSession | undefined {
    const hash = hashRefreshToken(refreshToken);
    return this.pool.sessions.find((session) => session.refreshTokenHash === hash);
  }

  addSession(session: Omit<SignInSession, 'revoked'>): SignInSession {
    const created: SignInSession = { ...session, revoked: false };
    this.pool.sessions.push(created);
    this.save();
    return created;
  }

  /** One refresh token, or (GlobalSignOut) all of a user's; the access tokens issued from them go with them. */
  revokeSessions(which: (session: SignInSession) => boolean): void {
    for (const session of this.pool.sessions) if (which(session)) session.revoked = true;
    this.save();
  }

  revokeSessionsOf = (username: string) => this.revokeSessions((session) => same(session.username, username));
  private save = () => writeJsonAtomically(this.file, this.pool);
}

export function writeJsonAtomically(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(temp, file);
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

async function seedPool(seed: SeedFile, usernameAttributes: UsernameAttribute[]): Promise<Pool> {
  const now = Date.now();
  const emailIsUsername = usernameAttributes.includes('email');
  const times = { createdAt: now, updatedAt: now };
  const users = await Promise.all(
    seed.users.map(async ({ username, password, sub = randomUUID(), attributes }): Promise<PoolUser> => {
      const passwordHash = await hashPassword(password);
      const user = { sub, passwordHash, enabled: true, status: 'CONFIRMED' as const, ...times };
      // An email-as-username pool names its users by UUID; the name people know is preferred_username.
      if (!emailIsUsername) return { ...user, username, attributes };
      return { ...user, username: sub, attributes: { preferred_username: username, ...attributes } };
    }),
  );
  // Seeded clients keep the seed's ClientId (the skill's settings name it); a secret is generated unless given.
  const clients = seed.clients.map(({ ClientId, ClientSecret, ...input }) => {
    const client = { ...newClient(input, now), ClientId: String(ClientId) };
    return typeof ClientSecret === 'string' ? { ...client, ClientSecret } : client;
  });
  const domain = seed.domain ? { name: seed.domain, managedLoginVersion: 1 } : undefined;
  const { region, userPoolId, poolName: name } = seed;
  return { version: 2, region, userPoolId, name, usernameAttributes, domain, ...times, clients, users, sessions: [] };
}
