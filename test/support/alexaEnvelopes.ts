import { randomUUID } from 'node:crypto';

/** Alexa request envelopes as Alexa sends them, for tests that talk to the skill directly. */
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

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function envelope(request: Record<string, unknown>, ctx: EnvelopeContext) {
  const skillId = ctx.skillId ?? DEV_SKILL_ID;
  const userId = ctx.userId ?? 'amzn1.ask.account.TESTUSER';
  const user = ctx.accessToken ? { userId, accessToken: ctx.accessToken } : { userId };
  return {
    version: '1.0',
    session: {
      new: ctx.newSession ?? true,
      sessionId: ctx.sessionId ?? `amzn1.echo-api.session.${randomUUID()}`,
      application: { applicationId: skillId },
      attributes: ctx.attributes ?? {},
      user,
    },
    context: {
      System: {
        application: { applicationId: skillId },
        user,
        device: { deviceId: 'amzn1.ask.device.TEST', supportedInterfaces: {} },
        apiEndpoint: 'https://api.amazonalexa.com',
      },
    },
    request: {
      requestId: `amzn1.echo-api.request.${randomUUID()}`,
      timestamp: timestamp(),
      locale: ctx.locale ?? 'en-US',
      ...request,
    },
  };
}

export function launchRequest(ctx: EnvelopeContext = {}) {
  return envelope({ type: 'LaunchRequest' }, ctx);
}

/** An IntentRequest; `infoType` fills infoTypeRequested with an entity-resolution match (or no match). */
export function intentRequest(intent: string, ctx: EnvelopeContext = {}, slot?: { value: string; id?: string }) {
  const skillId = ctx.skillId ?? DEV_SKILL_ID;
  const slots = slot
    ? {
        infoTypeRequested: {
          name: 'infoTypeRequested',
          value: slot.value,
          confirmationStatus: 'NONE',
          resolutions: {
            resolutionsPerAuthority: [
              slot.id
                ? {
                    authority: `amzn1.er-authority.echo-sdk.${skillId}.InfoType`,
                    status: { code: 'ER_SUCCESS_MATCH' },
                    values: [{ value: { name: slot.value, id: slot.id } }],
                  }
                : {
                    authority: `amzn1.er-authority.echo-sdk.${skillId}.InfoType`,
                    status: { code: 'ER_SUCCESS_NO_MATCH' },
                  },
            ],
          },
        },
      }
    : intent === 'RequestInfoIntent'
      ? { infoTypeRequested: { name: 'infoTypeRequested', confirmationStatus: 'NONE' } }
      : {};
  return envelope(
    { type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name: intent, confirmationStatus: 'NONE', slots } },
    ctx,
  );
}

export function sessionEndedRequest(ctx: EnvelopeContext = {}, reason = 'USER_INITIATED') {
  return envelope({ type: 'SessionEndedRequest', reason }, ctx);
}

/** Skill events carry the token in context.System.user only, have no session and no locale. */
export function accountLinkedEvent(accessToken: string, skillId = DEV_SKILL_ID) {
  const full = envelope(
    {
      type: 'AlexaSkillEvent.SkillAccountLinked',
      body: { accessToken },
      eventCreationTime: timestamp(),
      eventPublishingTime: timestamp(),
    },
    { accessToken, skillId },
  );
  const { session: _session, ...withoutSession } = full;
  delete (withoutSession.request as Record<string, unknown>).locale;
  return withoutSession;
}
