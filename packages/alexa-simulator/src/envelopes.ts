import { randomUUID } from 'node:crypto';
import type { SlotFill } from './utterances';

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

export interface IntentSlotSpec {
  name: string;
  type: string;
  fill?: SlotFill;
}

export type SessionEndedReason = 'USER_INITIATED' | 'ERROR' | 'EXCEEDED_MAX_REPROMPTS';

export function alexaTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const opaqueId = () => randomUUID().replace(/-/g, '').toUpperCase();
export const newSessionId = () => `amzn1.echo-api.session.${randomUUID()}`;
/** One simulated customer and device (Alexa: amzn1.ask.account.<opaque>, amzn1.ask.device.<opaque>). */
export const newDevice = (skillId: string): Device => ({
  skillId,
  userId: `amzn1.ask.account.SIMULATOR${opaqueId()}`,
  deviceId: `amzn1.ask.device.SIMULATOR${opaqueId()}`,
  apiEndpoint: 'https://api.amazonalexa.com',
});

function systemOf(device: Device, accessToken: string | undefined): Record<string, unknown> {
  return {
    application: { applicationId: device.skillId },
    user: accessToken ? { userId: device.userId, accessToken } : { userId: device.userId },
    device: { deviceId: device.deviceId, supportedInterfaces: {} },
    apiEndpoint: device.apiEndpoint,
    apiAccessToken: `simulator.${randomUUID()}`,
  };
}

function envelope(request: Record<string, unknown> & { type: string }, ctx: EnvelopeContext): AlexaRequestEnvelope {
  const system = systemOf(ctx.device, ctx.accessToken);
  const { sessionId, isNew, attributes } = ctx.session;
  return {
    version: '1.0',
    session: { new: isNew, sessionId, application: system.application, attributes, user: system.user },
    context: { System: system },
    request: {
      requestId: `amzn1.echo-api.request.${randomUUID()}`,
      timestamp: alexaTimestamp(ctx.now),
      locale: ctx.locale,
      ...request,
    },
  };
}

export function launchRequest(ctx: EnvelopeContext): AlexaRequestEnvelope {
  return envelope({ type: 'LaunchRequest' }, ctx);
}

/**
 * An IntentRequest. Every slot the intent declares is present (Alexa sends unfilled ones with no
 * value); custom-type slots with a value carry entity resolution from the skill's own authority,
 * ER_SUCCESS_MATCH with the value's id and canonical name, or ER_SUCCESS_NO_MATCH.
 */
export function intentRequest(intent: string, slots: IntentSlotSpec[], ctx: EnvelopeContext): AlexaRequestEnvelope {
  const slotsJson: Record<string, unknown> = {};
  for (const { name, type, fill } of slots) {
    const authority = `amzn1.er-authority.echo-sdk.${ctx.device.skillId}.${type}`;
    const match = fill?.resolution && { value: { name: fill.resolution.name, id: fill.resolution.id ?? '' } };
    slotsJson[name] = {
      name,
      confirmationStatus: 'NONE',
      ...(fill && { value: fill.value, source: 'USER' }),
      ...(fill?.resolution !== undefined && {
        resolutions: {
          resolutionsPerAuthority: [
            match
              ? { authority, status: { code: 'ER_SUCCESS_MATCH' }, values: [match] }
              : { authority, status: { code: 'ER_SUCCESS_NO_MATCH' } },
          ],
        },
      }),
    };
  }
  const intentJson = { name: intent, confirmationStatus: 'NONE', ...(slots.length > 0 && { slots: slotsJson }) };
  return envelope({ type: 'IntentRequest', dialogState: 'COMPLETED', intent: intentJson }, ctx);
}

export function sessionEndedRequest(ctx: EnvelopeContext, reason: SessionEndedReason): AlexaRequestEnvelope {
  return envelope({ type: 'SessionEndedRequest', reason }, ctx);
}

/**
 * AlexaSkillEvent.SkillAccountLinked: sent after linking completes. Skill events have no session
 * and no locale; the token is in context.System.user.accessToken and body.accessToken.
 */
export function skillAccountLinkedEvent(device: Device, accessToken: string, now = new Date()): AlexaRequestEnvelope {
  const at = alexaTimestamp(now);
  const request = { type: 'AlexaSkillEvent.SkillAccountLinked', body: { accessToken }, locale: undefined };
  const session = { sessionId: '', isNew: false, attributes: {} };
  const event = envelope(
    { ...request, eventCreationTime: at, eventPublishingTime: at },
    { device, locale: '', session, accessToken, now },
  );
  return { version: event.version, context: event.context, request: event.request };
}

/** The envelope with the access tokens replaced, for display and logs. */
export function redactEnvelope(envelope: unknown): unknown {
  return JSON.parse(
    JSON.stringify(envelope, (key, value) =>
      (key === 'accessToken' || key === 'apiAccessToken') && typeof value === 'string' ? `<${key} redacted>` : value,
    ),
  );
}
