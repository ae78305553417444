import { randomUUID } from 'node:crypto';
import { SlotFill } from './utterances';

/**
 * Alexa request envelopes (https://developer.amazon.com/docs/custom-skills/request-and-response-json-reference.html),
 * shaped as Alexa sends them: version "1.0", session + context.System with the same application
 * and user, request ids, and timestamps in ISO 8601 without milliseconds.
 */
export interface Device {
  skillId: string;
  userId: string;
  deviceId: string;
  apiEndpoint: string;
}

export interface SessionSnapshot {
  sessionId: string;
  isNew: boolean;
  attributes: Record<string, unknown>;
}

export interface EnvelopeContext {
  device: Device;
  locale: string;
  session: SessionSnapshot;
  accessToken?: string;
  now?: Date;
}

export interface AlexaRequestEnvelope {
  version: '1.0';
  session?: Record<string, unknown>;
  context: { System: Record<string, unknown> };
  request: Record<string, unknown> & { type: string; requestId: string; timestamp: string };
}

export function alexaTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newSessionId(): string {
  return `amzn1.echo-api.session.${randomUUID()}`;
}

export function newRequestId(): string {
  return `amzn1.echo-api.request.${randomUUID()}`;
}

/** A stable-looking Alexa user id for one simulated customer (Alexa: amzn1.ask.account.<opaque>). */
export function newUserId(): string {
  return `amzn1.ask.account.SIMULATOR${randomUUID().replace(/-/g, '').toUpperCase()}`;
}

export function newDeviceId(): string {
  return `amzn1.ask.device.SIMULATOR${randomUUID().replace(/-/g, '').toUpperCase()}`;
}

/** Entity-resolution authority Alexa names for a custom slot type of this skill. */
export function resolutionAuthority(skillId: string, slotType: string): string {
  return `amzn1.er-authority.echo-sdk.${skillId}.${slotType}`;
}

function systemOf(ctx: EnvelopeContext): Record<string, unknown> {
  const user = ctx.accessToken
    ? { userId: ctx.device.userId, accessToken: ctx.accessToken }
    : { userId: ctx.device.userId };
  return {
    application: { applicationId: ctx.device.skillId },
    user,
    device: { deviceId: ctx.device.deviceId, supportedInterfaces: {} },
    apiEndpoint: ctx.device.apiEndpoint,
    apiAccessToken: `simulator.${randomUUID()}`,
  };
}

function envelope(request: Record<string, unknown> & { type: string }, ctx: EnvelopeContext): AlexaRequestEnvelope {
  const system = systemOf(ctx);
  return {
    version: '1.0',
    session: {
      new: ctx.session.isNew,
      sessionId: ctx.session.sessionId,
      application: system.application,
      attributes: ctx.session.attributes,
      user: system.user,
    },
    context: { System: system },
    request: {
      requestId: newRequestId(),
      timestamp: alexaTimestamp(ctx.now),
      locale: ctx.locale,
      ...request,
    },
  };
}

export function launchRequest(ctx: EnvelopeContext): AlexaRequestEnvelope {
  return envelope({ type: 'LaunchRequest' }, ctx);
}

export interface IntentSlotSpec {
  name: string;
  type: string;
  fill?: SlotFill;
}

/**
 * An IntentRequest. Every slot the intent declares is present (Alexa sends unfilled ones with no
 * value); custom-type slots with a value carry entity resolution, ER_SUCCESS_MATCH with the value's
 * id and canonical name, or ER_SUCCESS_NO_MATCH.
 */
export function intentRequest(intent: string, slots: IntentSlotSpec[], ctx: EnvelopeContext): AlexaRequestEnvelope {
  const slotsJson: Record<string, unknown> = {};
  for (const slot of slots) {
    const json: Record<string, unknown> = { name: slot.name, confirmationStatus: 'NONE' };
    if (slot.fill) {
      json.value = slot.fill.value;
      json.source = 'USER';
      if (slot.fill.resolution !== undefined) {
        const authority = resolutionAuthority(ctx.device.skillId, slot.type);
        json.resolutions = {
          resolutionsPerAuthority: [
            slot.fill.resolution
              ? {
                  authority,
                  status: { code: 'ER_SUCCESS_MATCH' },
                  values: [{ value: { name: slot.fill.resolution.name, id: slot.fill.resolution.id ?? '' } }],
                }
              : { authority, status: { code: 'ER_SUCCESS_NO_MATCH' } },
          ],
        };
      }
    }
    slotsJson[slot.name] = json;
  }
  const intentJson: Record<string, unknown> = { name: intent, confirmationStatus: 'NONE' };
  if (slots.length > 0) intentJson.slots = slotsJson;
  return envelope({ type: 'IntentRequest', dialogState: 'COMPLETED', intent: intentJson }, ctx);
}

export type SessionEndedReason = 'USER_INITIATED' | 'ERROR' | 'EXCEEDED_MAX_REPROMPTS';

export function sessionEndedRequest(
  ctx: EnvelopeContext,
  reason: SessionEndedReason = 'USER_INITIATED',
): AlexaRequestEnvelope {
  return envelope({ type: 'SessionEndedRequest', reason }, ctx);
}

/**
 * AlexaSkillEvent.SkillAccountLinked: sent after linking completes. Skill events have no session
 * and no locale; the token is in context.System.user.accessToken and body.accessToken.
 */
export function skillAccountLinkedEvent(
  device: Device,
  accessToken: string,
  now: Date = new Date(),
): AlexaRequestEnvelope {
  const system = systemOf({
    device,
    accessToken,
    locale: '',
    session: { sessionId: '', isNew: false, attributes: {} },
  });
  return {
    version: '1.0',
    context: { System: system },
    request: {
      type: 'AlexaSkillEvent.SkillAccountLinked',
      requestId: newRequestId(),
      timestamp: alexaTimestamp(now),
      body: { accessToken },
      eventCreationTime: alexaTimestamp(now),
      eventPublishingTime: alexaTimestamp(now),
    },
  };
}

/** The envelope with the access token replaced, for display and logs. */
export function redactEnvelope(envelope: unknown): unknown {
  return JSON.parse(
    JSON.stringify(envelope, (key, value) =>
      (key === 'accessToken' || key === 'apiAccessToken') && typeof value === 'string' ? `<${key} redacted>` : value,
    ),
  );
}
