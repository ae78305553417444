import { performance } from 'node:perf_hooks';
import { AlexaAnswer, SendEnvelope, speechOf } from './alexa';
import { fiveTurnSession, SessionLoop, TURNS_PER_SESSION } from './sessions';
import { LatencySummary, summarize } from './stats';
import { SkillUnderTest, VariantName } from './variants';

export interface GetUserCounter {
  reset(): void;
  count(): number;
}

export interface SessionCalls {
  /** GetUser calls for one 5-turn session with a token this process has never seen. */
  firstSession: number;
  /** GetUser calls for a second 5-turn session with the same token, same warm process. */
  repeatSession: number;
  /** What the skill said in that session, turn by turn. */
  said: string[];
}

/** A variant that answers fast but wrongly must not make it into the table. */
export function checkLinkedSession(variant: VariantName, answers: AlexaAnswer[], userName: string): void {
  const said = answers.map(speechOf);
  const broken = said.findIndex((speech) => speech === '' || /something went wrong|link your account/i.test(speech));
  if (broken >= 0) throw new Error(`variant ${variant} gave no proper answer on turn ${broken + 1}: "${said[broken]}"`);
  // A's loader returns its own fixed user whatever the token; the others must know this token's user.
  if (!said[0].startsWith(`Welcome back, ${variant === 'A' ? '' : userName}`)) {
    throw new Error(`variant ${variant} did not greet the linked user by name: "${said[0]}"`);
  }
}

/** GetUser calls at the identity service for a first and a repeated session with one fresh token. */
export async function countGetUserCalls(
  skill: SkillUnderTest,
  session: { skillId: string; accessToken: string; userName: string },
  getUser: GetUserCounter,
): Promise<SessionCalls> {
  const run = async () => {
    getUser.reset();
    const answers = await fiveTurnSession(skill.send, session);
    checkLinkedSession(skill.name, answers, session.userName);
    return { calls: getUser.count(), said: answers.map(speechOf) };
  };
  const first = await run();
  return { firstSession: first.calls, repeatSession: (await run()).calls, said: first.said };
}

export interface WarmTurnPlan {
  skill: SkillUnderTest;
  turns: number;
}

/**
 * Times single turns (envelope building excluded), after a warm-up. Variants take turns in
 * rounds, in rotating order, so a burst of load from elsewhere on the machine lands on all of them
 * alike rather than on whichever ran at that moment.
 */
export async function measureWarmTurns(
  plans: WarmTurnPlan[],
  session: { skillId: string; accessToken: string },
  options: { rounds: number; warmUpTurns: number },
): Promise<Partial<Record<VariantName, LatencySummary>>> {
  const samples = new Map<VariantName, number[]>();
  const loops = new Map<VariantName, SessionLoop>();
  for (const { skill } of plans) {
    const timed: SendEnvelope = async (envelope) => {
      const started = performance.now();
      const answer = await skill.send(envelope);
      samples.get(skill.name)?.push(performance.now() - started);
      return answer;
    };
    loops.set(skill.name, new SessionLoop(timed, session));
  }
  for (const plan of plans) {
    const loop = loops.get(plan.skill.name) as SessionLoop;
    const warmUp = Math.min(options.warmUpTurns, plan.turns);
    for (let turn = 0; turn < warmUp; turn++) await loop.next();
  }
  for (const plan of plans) samples.set(plan.skill.name, []);
  for (let round = 0; round < options.rounds; round++) {
    const order = plans.map((_, i) => plans[(i + round) % plans.length]);
    for (const plan of order) {
      const loop = loops.get(plan.skill.name) as SessionLoop;
      // Whole sessions, so every variant's sample has the same mix of turns.
      const share = Math.ceil(plan.turns / options.rounds / TURNS_PER_SESSION) * TURNS_PER_SESSION;
      for (let turn = 0; turn < share; turn++) await loop.next();
    }
  }
  const result: Partial<Record<VariantName, LatencySummary>> = {};
  for (const plan of plans) result[plan.skill.name] = summarize(samples.get(plan.skill.name) ?? []);
  return result;
}
