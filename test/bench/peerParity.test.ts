/**
 * The benchmark's peer (bench/peer/skill.ts) is a fair baseline only while it is the same skill: for
 * every value a user can ask for (the InfoType slot type of models/en.json, read here), the peer
 * must say what the skill says to a linked user. A field added to the model fails here until the
 * peer answers it too.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import model from '../../models/en.json';
import { AlexaAnswer, newSession, requestInfo, SendEnvelope, speechOf } from '../../bench/alexa';
import { benchSkillConfig, signIn, ALICE, startBenchIdentity } from '../../bench/identity';
import { skillInProcess } from '../../bench/inProcess';
import { v3GetUser } from '../../bench/peer/lambdaV3';
import { peerSkillBuilder } from '../../bench/peer/skill';
import type { RunningIdentityService } from '@profile-keeper/cognito-local';

const INFO_TYPES = model.entityTypes.InfoType.values;

let identity: RunningIdentityService;
let skill: SendEnvelope;
let peer: SendEnvelope;
let skillId: string;

beforeAll(async () => {
  identity = await startBenchIdentity();
  const config = benchSkillConfig(identity);
  skillId = config.skillId;
  skill = await skillInProcess(config);
  const peerSkill = peerSkillBuilder(v3GetUser(config.cognito.region, config.cognito.apiEndpoint), skillId).create();
  peer = (envelope) => peerSkill.invoke(envelope as never) as Promise<AlexaAnswer>;
});

afterAll(() => identity?.close());

describe('the peer answers a linked user as the skill does', () => {
  test('models/en.json offers values to ask for', () => {
    expect(INFO_TYPES.length).toBeGreaterThan(0);
  });

  test.each(INFO_TYPES.map((value) => [value.id, value.value]))('asked for %s ("%s")', async (id, said) => {
    const accessToken = await signIn(identity, ALICE);
    const ask = (send: SendEnvelope) => send(requestInfo(newSession(skillId, accessToken), said, id));
    const [fromSkill, fromPeer] = await Promise.all([ask(skill), ask(peer)]);
    expect(speechOf(fromPeer)).toBe(speechOf(fromSkill));
    // What Alice asked about (a Simple card of her profile), not a request to link.
    expect(fromSkill.response.card).toMatchObject({ type: 'Simple' });
  });
});
