import { AlexaRequestRejectedError } from './errors';

/**
 * The shape of an Alexa request envelope, checked before Jovo sees it. Jovo trusts its input: a
 * missing requestId, a string where the session attributes belong or a number as the intent throws
 * inside the framework and answers 500. Alexa's own envelopes always pass; anything else is the
 * caller's fault and gets a 400. Only the parts Jovo and this skill read are checked, so request
 * types Alexa adds later still reach the skill (they are routed to its fallback).
 */
export interface CheckedEnvelope {
  /** The parsed body, unchanged. */
  body: Record<string, unknown>;
  requestType: string;
  /** The skill this request was sent to (context.System.application, else session.application). */
  applicationId: string;
  /** request.timestamp, as sent (ISO 8601). */
  timestamp: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalObject(value: unknown): boolean {
  return value === undefined || isObject(value);
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The user object Alexa puts in both session and context: accessToken, when present, is a string. */
function validUser(user: unknown): boolean {
  return user === undefined || (isObject(user) && optionalString(user.userId) && optionalString(user.accessToken));
}

function applicationIdOf(holder: unknown): string | undefined {
  if (!isObject(holder) || !isObject(holder.application)) return undefined;
  const id = holder.application.applicationId;
  return typeof id === 'string' ? id : undefined;
}

/** Alexa's sessions always carry the user; Jovo's AlexaUser reads session.user.accessToken without a check. */
function validSession(session: unknown): boolean {
  if (session === undefined) return true;
  return (
    isObject(session) &&
    optionalString(session.sessionId) &&
    (session.new === undefined || typeof session.new === 'boolean') &&
    validAttributes(session.attributes) &&
    optionalObject(session.application) &&
    session.user !== undefined &&
    validUser(session.user)
  );
}

function validContext(context: unknown): boolean {
  if (context === undefined) return true;
  if (!isObject(context)) return false;
  const system = context.System;
  return (
    system === undefined ||
    (isObject(system) && optionalObject(system.application) && validUser(system.user) && optionalObject(system.device))
  );
}

/** Entity resolution as Alexa sends it; Jovo reads status.code, authority and values[0].value without checks. */
function validResolution(resolution: unknown): boolean {
  if (!isObject(resolution) || !isObject(resolution.status) || typeof resolution.status.code !== 'string') return false;
  if (typeof resolution.authority !== 'string') return false;
  const values = resolution.values;
  if (values === undefined) return resolution.status.code !== 'ER_SUCCESS_MATCH';
  return (
    Array.isArray(values) &&
    (values.length > 0 || resolution.status.code !== 'ER_SUCCESS_MATCH') &&
    values.every(
      (entry) =>
        isObject(entry) && isObject(entry.value) && optionalString(entry.value.name) && optionalString(entry.value.id),
    )
  );
}

function validSlots(slots: unknown): boolean {
  if (slots === undefined) return true;
  return (
    isObject(slots) &&
    Object.values(slots).every((slot) => {
      if (!isObject(slot) || !optionalString(slot.value)) return false;
      const resolutions = slot.resolutions;
      if (resolutions === undefined) return true;
      if (!isObject(resolutions)) return false;
      const perAuthority = resolutions.resolutionsPerAuthority;
      return perAuthority === undefined || (Array.isArray(perAuthority) && perAuthority.every(validResolution));
    })
  );
}

function validIntent(intent: unknown): boolean {
  if (intent === undefined) return true;
  return isObject(intent) && nonEmptyString(intent.name) && validSlots(intent.slots);
}

/** Jovo keeps its state stack and the skill's session data in the attributes: they must have its shape. */
function validAttributes(attributes: unknown): boolean {
  if (attributes === undefined) return true;
  if (!isObject(attributes) || !optionalObject(attributes.data)) return false;
  const state = attributes.state;
  return (
    state === undefined ||
    (Array.isArray(state) && state.every((frame) => isObject(frame) && typeof frame.component === 'string'))
  );
}

function validRequest(request: unknown): request is Json & { type: string; timestamp: string } {
  return (
    isObject(request) &&
    nonEmptyString(request.type) &&
    nonEmptyString(request.requestId) &&
    nonEmptyString(request.timestamp) &&
    optionalString(request.locale) &&
    validIntent(request.intent) &&
    (request.apiRequest === undefined || (isObject(request.apiRequest) && validSlots(request.apiRequest.slots)))
  );
}

/**
 * Alexa's envelopes nest a dozen levels; the session attributes this skill writes add a few more.
 * Jovo merges attributes recursively (lodash.merge), so a body nested thousands deep would exhaust
 * the stack inside the framework: such a body is refused before Jovo sees it.
 */
export const MAX_ENVELOPE_DEPTH = 32;

/** Depth of a parsed JSON value, walked without recursion (the input is what could be deep). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_ENVELOPE_DEPTH) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** Checks a parsed body; throws AlexaRequestRejectedError('malformed-envelope') for anything not shaped like Alexa's. */
export function checkEnvelope(body: unknown): CheckedEnvelope {
  if (!isObject(body) || !nonEmptyString(body.version)) throw new AlexaRequestRejectedError('malformed-envelope');
  if (depthOf(body) > MAX_ENVELOPE_DEPTH) throw new AlexaRequestRejectedError('malformed-envelope');
  const { request, session, context } = body;
  if (!validRequest(request) || !validSession(session) || !validContext(context)) {
    throw new AlexaRequestRejectedError('malformed-envelope');
  }
  const fromContext = applicationIdOf(isObject(context) ? context.System : undefined);
  const fromSession = applicationIdOf(session);
  const applicationId = fromContext ?? fromSession;
  if (applicationId === undefined) throw new AlexaRequestRejectedError('malformed-envelope');
  // Both places name the skill; a request whose two ids disagree was not built by Alexa.
  if (fromContext !== undefined && fromSession !== undefined && fromContext !== fromSession) {
    throw new AlexaRequestRejectedError('wrong-skill-id');
  }
  return { body, requestType: request.type, applicationId, timestamp: request.timestamp };
}

/**
 * Amazon: "verify that the application ID in the request matches your skill's ID" — on every
 * request, HTTPS endpoint and Lambda alike, so a request meant for another skill is never answered.
 */
export function checkSkillId(envelope: CheckedEnvelope, skillId: string): void {
  if (envelope.applicationId !== skillId) throw new AlexaRequestRejectedError('wrong-skill-id');
}

/** Parses the raw body Alexa sent; a body that is not JSON is a 400. */
export function parseEnvelope(rawBody: string): CheckedEnvelope {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new AlexaRequestRejectedError('malformed-json');
  }
  return checkEnvelope(body);
}
