import * as alexa from '@profile-keeper/alexa-simulator/src/envelopes';

/**
 * Alexa request envelopes for tests that talk to the skill directly: the simulator's builders
 * (one way to shape what Alexa sends), with the test-friendly defaults of a dev-stage device.
 */
export const DEV_SKILL_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';

export interface EnvelopeContext {
  locale?: string;
  accessToken?: string;
  sessionId?: string;
  newSession?: boolean;
  attributes?: Record<string, unknown>;
  skillId?: string;
  userId?: string;
}

function deviceOf(ctx: EnvelopeContext): alexa.Device {
  return {
    skillId: ctx.skillId ?? DEV_SKILL_ID,
    userId: ctx.userId ?? 'amzn1.ask.account.TESTUSER',
    deviceId: 'amzn1.ask.device.TEST',
    apiEndpoint: 'https://api.amazonalexa.com',
  };
}

function contextOf(ctx: EnvelopeContext): alexa.EnvelopeContext {
  return {
    device: deviceOf(ctx),
    locale: ctx.locale ?? 'en-US',
    accessToken: ctx.accessToken,
    session: {
      sessionId: ctx.sessionId ?? alexa.newSessionId(),
      isNew: ctx.newSession ?? true,
      attributes: ctx.attributes ?? {},
    },
  };
}

export function launchRequest(ctx: EnvelopeContext = {}) {
  return alexa.launchRequest(contextOf(ctx));
}

/**
 * An IntentRequest. RequestInfoIntent always carries its infoTypeRequested slot, as Alexa sends it:
 * empty, or with the value and an entity-resolution match (`id`) or no match (no `id`).
 */
export function intentRequest(intent: string, ctx: EnvelopeContext = {}, slot?: { value: string; id?: string }) {
  const slots: alexa.IntentSlotSpec[] =
    intent === 'RequestInfoIntent' || slot
      ? [
          {
            name: 'infoTypeRequested',
            type: 'InfoType',
            fill: slot && { value: slot.value, resolution: slot.id ? { id: slot.id, name: slot.value } : null },
          },
        ]
      : [];
  return alexa.intentRequest(intent, slots, contextOf(ctx));
}

export function sessionEndedRequest(ctx: EnvelopeContext = {}, reason: alexa.SessionEndedReason = 'USER_INITIATED') {
  return alexa.sessionEndedRequest(contextOf(ctx), reason);
}

/** Skill events carry the token in context.System.user only, have no session and no locale. */
export function accountLinkedEvent(accessToken: string, skillId = DEV_SKILL_ID) {
  return alexa.skillAccountLinkedEvent(deviceOf({ skillId }), accessToken);
}
