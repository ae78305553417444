import { Lambda } from '@jovotech/server-lambda';
import type { Context } from 'aws-lambda';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { SkillConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { AlexaAnswer, fiveTurnSession, SendEnvelope, speechOf } from './alexa';
import { seedGetUser } from './peer/lambdaSeed';
import { v3GetUser } from './peer/lambdaV3';
import { GetUser, peerSkillBuilder } from './peer/skill';
import { LatencySummary, summarize } from './stats';

/** A skill in this process: a turn as a warm Lambda container runs it. */
export interface WarmSkill {
  name: 'skill' | 'seed peer' | 'v3 peer';
  send: SendEnvelope;
}

/** The skill as shipped (`createApp`), each turn through Jovo's Lambda server as in the function. */
export async function skillInProcess(config: SkillConfig): Promise<SendEnvelope> {
  const app = createApp(config, { logger: createLogger({ level: 'silent' }) });
  await app.initialize();
  return (envelope) =>
    new Promise((resolve, reject) => {
      const done = (error?: Error | string | null, answer?: unknown) =>
        error ? reject(error) : resolve(answer as AlexaAnswer);
      void app.handle(new Lambda(envelope as never, {} as Context, done));
    });
}

/** The skill, and the two peers with their own GetUser clients. */
export async function warmSkills(config: SkillConfig): Promise<WarmSkill[]> {
  const peer = (getUser: GetUser): SendEnvelope => {
    const skill = peerSkillBuilder(getUser, config.skillId).create();
    return (envelope) => skill.invoke(envelope as never) as Promise<AlexaAnswer>;
  };
  const { region, apiEndpoint } = config.cognito;
  return [
    { name: 'skill', send: await skillInProcess(config) },
    { name: 'seed peer', send: peer(seedGetUser(region, apiEndpoint)) },
    { name: 'v3 peer', send: peer(v3GetUser(region, apiEndpoint)) },
  ];
}

/** GetUser calls at the identity service for one 5-turn session, and what was said. */
export async function getUserPerSession(
  skill: WarmSkill,
  session: { skillId: string; accessToken: string },
  getUserCalls: () => number,
): Promise<{ calls: number; said: string[] }> {
  const before = getUserCalls();
  const said = (await fiveTurnSession(skill.send, session)).map(speechOf);
  return { calls: getUserCalls() - before, said };
}

/**
 * Times single turns of whole 5-turn sessions (`turns` per skill, rounded up to sessions), in
 * `rounds` rounds in rotating order, so a burst of load from elsewhere lands on every skill alike.
 * One session each first, unmeasured.
 */
export async function measureWarmTurns(
  plans: { skill: WarmSkill; turns: number }[],
  session: { skillId: string; accessToken: string },
  rounds: number,
): Promise<Record<string, LatencySummary>> {
  const samples = new Map(plans.map(({ skill }) => [skill.name, [] as number[]]));
  const timed = (skill: WarmSkill, into?: number[]) => async (envelope: unknown) => {
    const started = performance.now();
    const answer = await skill.send(envelope);
    into?.push(performance.now() - started);
    return answer;
  };
  for (const { skill } of plans) await fiveTurnSession(timed(skill), session);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < plans.length; k++) {
      const { skill, turns } = plans[(k + round) % plans.length];
      for (let s = 0; s < Math.ceil(turns / rounds / 5); s++) {
        await fiveTurnSession(timed(skill, samples.get(skill.name)), session);
      }
    }
  }
  return Object.fromEntries([...samples].map(([name, values]) => [name, summarize(values)]));
}
