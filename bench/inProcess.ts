import { Lambda } from '@jovotech/server-lambda';
import type { Context } from 'aws-lambda';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { SkillConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { AlexaAnswer, fiveTurnSession, SendEnvelope } from './alexa';
import { seedGetUser } from './peer/lambdaSeed';
import { v3GetUser } from './peer/lambdaV3';
import { GetUser, peerSkillBuilder } from './peer/skill';
import { LatencySummary, summarize } from './stats';

/** A skill in this process, as a warm Lambda container runs it. */
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

/**
 * Times each turn of whole 5-turn sessions (`turns` per skill), in `rounds` rounds in rotating order
 * so that a burst of load from elsewhere lands on every skill alike. One session each first, untimed.
 */
export async function measureWarmTurns(
  plans: { skill: WarmSkill; turns: number }[],
  user: { skillId: string; accessToken: string },
  rounds: number,
): Promise<Record<string, LatencySummary>> {
  const samples = plans.map(() => [] as number[]);
  const session = (i: number, timed: boolean) =>
    fiveTurnSession(async (envelope) => {
      const started = performance.now();
      const answer = await plans[i].skill.send(envelope);
      if (timed) samples[i].push(performance.now() - started);
      return answer;
    }, user);
  for (const i of plans.keys()) await session(i, false);
  for (let round = 0; round < rounds; round++) {
    for (const k of plans.keys()) {
      const i = (k + round) % plans.length;
      for (let s = 0; s < Math.ceil(plans[i].turns / rounds / 5); s++) await session(i, true);
    }
  }
  return Object.fromEntries(plans.map(({ skill }, i) => [skill.name, summarize(samples[i])]));
}
