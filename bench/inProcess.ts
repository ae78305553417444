import { App } from '@jovotech/framework';
import { performance } from 'node:perf_hooks';
import { AlexaResponse, SendEnvelope, speechOf } from '../test/support/conversation';
import { handleInMemory } from './inMemoryServer';
import { SessionLoop, TURNS_PER_SESSION } from './sessions';
import { LatencySummary, summarize } from './stats';
import { VariantName } from './variants';

export interface GetUserCounter {
  reset(): void;
  count(): number;
}

export interface SessionCalls {
  /** GetUser calls for one 5-turn session with a token this process has never seen. */
  firstSession: number;
  /** GetUser calls for a second 5-turn session with the same token, same warm process. */
  repeatSession: number;
}

function inMemorySend(app: App): SendEnvelope {
  return (envelope) => handleInMemory<AlexaResponse>(app, envelope);
}

/** A variant that answers fast but wrongly must not make it into the table. */
export function checkLinkedSession(variant: VariantName, responses: AlexaResponse[]): void {
  const said = responses.map(speechOf);
  const broken = said.findIndex((speech) => speech === '' || /something went wrong/i.test(speech));
  if (broken >= 0) throw new Error(`variant ${variant} gave no proper answer on turn ${broken + 1}: "${said[broken]}"`);
  if (variant !== 'A' && !/^Welcome back, /.test(said[0])) {
    throw new Error(`variant ${variant} did not recognise the linked user: "${said[0]}"`);
  }
}

async function runSession(app: App, accessToken: string): Promise<AlexaResponse[]> {
  const loop = new SessionLoop(inMemorySend(app), accessToken);
  const responses: AlexaResponse[] = [];
  for (let turn = 0; turn < TURNS_PER_SESSION; turn++) responses.push(await loop.next());
  return responses;
}

/** GetUser calls at the identity service for a first and a repeated session with one fresh token. */
export async function countGetUserCalls(
  variant: VariantName,
  app: App,
  freshToken: string,
  getUser: GetUserCounter,
): Promise<SessionCalls> {
  getUser.reset();
  checkLinkedSession(variant, await runSession(app, freshToken));
  const firstSession = getUser.count();
  getUser.reset();
  checkLinkedSession(variant, await runSession(app, freshToken));
  return { firstSession, repeatSession: getUser.count() };
}

export interface WarmTurnPlan {
  variant: VariantName;
  app: App;
  accessToken: string;
  turns: number;
}

/**
 * Times single turns through `app.handle` (envelope building excluded), after a warm-up. Variants
 * take turns in rounds, in rotating order, so a burst of load from elsewhere on the machine lands
 * on all of them alike rather than on whichever ran at that moment.
 */
export async function measureWarmTurns(
  plans: WarmTurnPlan[],
  options: { rounds: number; warmUpTurns: number },
): Promise<Record<string, LatencySummary>> {
  const samples = new Map<VariantName, number[]>();
  const loops = new Map<VariantName, SessionLoop>();
  for (const plan of plans) {
    const timed: SendEnvelope = async (envelope) => {
      const started = performance.now();
      const response = await handleInMemory<AlexaResponse>(plan.app, envelope);
      samples.get(plan.variant)?.push(performance.now() - started);
      return response;
    };
    loops.set(plan.variant, new SessionLoop(timed, plan.accessToken));
  }
  for (const plan of plans) {
    const loop = loops.get(plan.variant) as SessionLoop;
    const warmUp = Math.min(options.warmUpTurns, plan.turns);
    for (let turn = 0; turn < warmUp; turn++) await loop.next();
  }
  for (const plan of plans) samples.set(plan.variant, []);
  for (let round = 0; round < options.rounds; round++) {
    const order = plans.map((_, i) => plans[(i + round) % plans.length]);
    for (const plan of order) {
      const loop = loops.get(plan.variant) as SessionLoop;
      const share = Math.ceil(plan.turns / options.rounds);
      for (let turn = 0; turn < share; turn++) await loop.next();
    }
  }
  const result: Record<string, LatencySummary> = {};
  for (const plan of plans) result[plan.variant] = summarize(samples.get(plan.variant) ?? []);
  return result;
}
