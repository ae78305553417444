import { describe, expect, it } from '@jest/globals';
import { DEFAULT_MODELS_DIR, DEFAULT_SKILL_PACKAGE_DIR, defaultSkillId } from '../src/config';
import {
  Device,
  EnvelopeContext,
  intentRequest,
  launchRequest,
  redactEnvelope,
  sessionEndedRequest,
  skillAccountLinkedEvent,
} from '../src/envelopes';
import { findIntent, loadInteractionModel } from '../src/interactionModel';
import { AlexaSession } from '../src/session';
import { understand } from '../src/utterances';

const model = loadInteractionModel(
  { skillPackageDir: DEFAULT_SKILL_PACKAGE_DIR, modelsDir: DEFAULT_MODELS_DIR },
  'en-US',
);
const skillId = defaultSkillId();
const device: Device = {
  skillId,
  userId: 'amzn1.ask.account.TEST',
  deviceId: 'amzn1.ask.device.TEST',
  apiEndpoint: 'https://api.amazonalexa.com',
};
const ALEXA_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function context(overrides: Partial<EnvelopeContext> = {}): EnvelopeContext {
  return {
    device,
    locale: 'en-US',
    session: { sessionId: 'amzn1.echo-api.session.TEST', isNew: true, attributes: {} },
    ...overrides,
  };
}

/** The IntentRequest the simulator sends for what the user said. */
function requestFor(text: string) {
  const understood = understand(text, model);
  if (understood.kind !== 'intent') throw new Error(`not an intent: ${text}`);
  const declared = findIntent(model, understood.intent)?.slots ?? [];
  return intentRequest(
    understood.intent,
    declared.map((slot) => ({ ...slot, fill: understood.slots[slot.name] })),
    context({ accessToken: 'header.payload.signature' }),
  );
}

describe('Alexa request envelopes', () => {
  it('builds a LaunchRequest as Alexa does: version 1.0, ids, locale and an ISO timestamp without milliseconds', () => {
    const envelope = launchRequest(context({ now: new Date('2026-11-25T10:20:30.456Z') }));
    expect(envelope.version).toBe('1.0');
    expect(envelope.request).toMatchObject({
      type: 'LaunchRequest',
      locale: 'en-US',
      timestamp: '2026-11-25T10:20:30Z',
    });
    expect(envelope.request.requestId).toMatch(/^amzn1\.echo-api\.request\.[0-9a-f-]{36}$/);
    expect(envelope.session).toMatchObject({
      new: true,
      sessionId: 'amzn1.echo-api.session.TEST',
      application: { applicationId: skillId },
      user: { userId: device.userId },
    });
    expect(envelope.context.System).toMatchObject({
      application: { applicationId: skillId },
      user: { userId: device.userId },
    });
    expect(launchRequest(context()).request.timestamp).toMatch(ALEXA_TIMESTAMP);
  });

  it('carries the access token in both session.user and context.System.user when linked', () => {
    const envelope = launchRequest(context({ accessToken: 'a.b.c' }));
    expect((envelope.session?.user as { accessToken?: string }).accessToken).toBe('a.b.c');
    expect((envelope.context.System.user as { accessToken?: string }).accessToken).toBe('a.b.c');
    expect((launchRequest(context()).session?.user as { accessToken?: string }).accessToken).toBeUndefined();
  });

  it("resolves a custom slot with ER_SUCCESS_MATCH from the skill's own authority", () => {
    const slot = (requestFor('what is my email address').request.intent as { slots: Record<string, unknown> }).slots
      .infoTypeRequested;
    expect(slot).toEqual({
      name: 'infoTypeRequested',
      value: 'email address',
      source: 'USER',
      confirmationStatus: 'NONE',
      resolutions: {
        resolutionsPerAuthority: [
          {
            authority: `amzn1.er-authority.echo-sdk.${skillId}.InfoType`,
            status: { code: 'ER_SUCCESS_MATCH' },
            values: [{ value: { name: 'email address', id: 'emailAddress' } }],
          },
        ],
      },
    });
  });

  it('marks an unknown slot value ER_SUCCESS_NO_MATCH with no values', () => {
    const sample = model.intents
      .find((intent) => intent.name === 'RequestInfoIntent')
      ?.samples.find((text) => /\w+ \{infoTypeRequested\}$/.test(text)) as string;
    const slot = (
      requestFor(sample.replace('{infoTypeRequested}', 'shoe size')).request.intent as {
        slots: Record<string, { value: string; resolutions: { resolutionsPerAuthority: unknown[] } }>;
      }
    ).slots.infoTypeRequested;
    expect(slot.value).toBe('shoe size');
    expect(slot.resolutions.resolutionsPerAuthority).toEqual([
      { authority: `amzn1.er-authority.echo-sdk.${skillId}.InfoType`, status: { code: 'ER_SUCCESS_NO_MATCH' } },
    ]);
  });

  it('sends declared slots that were not filled, without a value', () => {
    const envelope = intentRequest('RequestInfoIntent', [{ name: 'infoTypeRequested', type: 'InfoType' }], context());
    expect(envelope.request).toMatchObject({
      type: 'IntentRequest',
      dialogState: 'COMPLETED',
      intent: {
        name: 'RequestInfoIntent',
        confirmationStatus: 'NONE',
        slots: { infoTypeRequested: { name: 'infoTypeRequested', confirmationStatus: 'NONE' } },
      },
    });
  });

  it('ends a session with a SessionEndedRequest and its reason', () => {
    expect(sessionEndedRequest(context(), 'USER_INITIATED').request).toMatchObject({
      type: 'SessionEndedRequest',
      reason: 'USER_INITIATED',
    });
  });

  it('sends SkillAccountLinked with the token in context.System.user, and no session or locale', () => {
    const event = skillAccountLinkedEvent(device, 'a.b.c');
    expect(event.session).toBeUndefined();
    expect(event.request.locale).toBeUndefined();
    expect(event.request).toMatchObject({ type: 'AlexaSkillEvent.SkillAccountLinked', body: { accessToken: 'a.b.c' } });
    expect(event.request.eventCreationTime).toMatch(ALEXA_TIMESTAMP);
    expect(event.context.System).toMatchObject({ user: { userId: device.userId, accessToken: 'a.b.c' } });
  });

  it('never shows the access token in the envelope it displays', () => {
    const shown = JSON.stringify(redactEnvelope(launchRequest(context({ accessToken: 'secret.token.value' }))));
    expect(shown).not.toContain('secret.token.value');
    expect(shown).toContain('<accessToken redacted>');
  });
});

describe('an Alexa session from turn to turn', () => {
  it('is new on the first request only and echoes the attributes the skill returned', () => {
    const session = new AlexaSession();
    const first = session.next();
    expect(first.isNew).toBe(true);
    session.answered({ sessionAttributes: { data: { auth: 'linked' } }, response: { shouldEndSession: false } });
    const second = session.next();
    expect(second).toEqual({ sessionId: first.sessionId, isNew: false, attributes: { data: { auth: 'linked' } } });
  });

  it('ends when the skill says shouldEndSession true (or leaves it out), and the next request starts a new one', () => {
    const session = new AlexaSession();
    const first = session.next();
    session.answered({ sessionAttributes: { a: 1 }, response: { shouldEndSession: true } });
    expect(session.isOpen).toBe(false);
    const next = session.next();
    expect(next.sessionId).not.toBe(first.sessionId);
    expect(next).toMatchObject({ isNew: true, attributes: {} });
    session.answered({ response: {} });
    expect(session.isOpen).toBe(false);
  });
});
