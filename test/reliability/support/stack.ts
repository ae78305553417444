import { startTestSkill } from '../../support/skill';
import type { JWK } from 'jose';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningSkillServer } from '../../../src/server.express';
import { RunningIdentity, skillConfigFor, startTestIdentity } from '../../support/identity';
import { LogCapture } from './logCapture';

/** The real parts a reliability test talks to: the identity service and the skill's HTTP server. */
export interface Stack {
  identity: RunningIdentity;
  skill: RunningSkillServer;
  /** The identity service's data folder: holds the pool's signing key (abuse tests sign with it). */
  dataDir: string;
  /** Another skill server with the same settings but its own env overrides (e.g. a closed Cognito port). */
  startSkill(env?: Record<string, string>): Promise<RunningSkillServer>;
  close(): Promise<void>;
}

export async function startStack(logs: LogCapture, env: Record<string, string> = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-reliability-'));
  const identity = await startTestIdentity({ dataDir, logger: logs.identityLogger });
  const servers: RunningSkillServer[] = [];
  const startSkill = async (overrides: Record<string, string> = {}) => {
    const config = skillConfigFor(identity, { LOG_LEVEL: 'debug', ...env, ...overrides });
    const server = await startTestSkill(config, { logger: logs.skillLogger });
    servers.push(server);
    return server;
  };
  const skill = await startSkill();
  return {
    identity,
    skill,
    dataDir,
    startSkill,
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
      await identity.close();
    },
  };
}

/** The pool's private signing key (JWK) from the service's data folder. */
export function poolSigningKey(dataDir: string): JWK & { kid: string } {
  return JSON.parse(readFileSync(join(dataDir, 'signing-key.json'), 'utf8')) as JWK & { kid: string };
}

/** Runs `work` for each item with at most `limit` in flight. */
export async function inParallel<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Counts what must never happen in a healthy process. */
export function crashCounter() {
  const counts = { unhandledRejections: 0, uncaughtExceptions: 0 };
  const onRejection = () => void (counts.unhandledRejections += 1);
  const onException = () => void (counts.uncaughtExceptions += 1);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    counts,
    total: () => counts.unhandledRejections + counts.uncaughtExceptions,
    stop: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Whole numbers from the environment, for the full runs (`npm run test:faults`). */
export function countFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
