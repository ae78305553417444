import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  Device,
  EnvelopeContext,
  intentRequest,
  launchRequest,
  redactEnvelope,
  sessionEndedRequest,
  skillAccountLinkedEvent,
} from '../src/envelopes';
import { findIntent, InteractionModel, loadInteractionModels } from '../src/interactionModel';
import { understand } from '../src/utterances';

const model = loadInteractionModels({ dir: join(__dirname, 'fixtures', 'alexa') }).get('en-US') as InteractionModel;
const skillId = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
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

  it("resolves a custom slot with ER_SUCCESS_MATCH from the skill's own authority; AMAZON types get none", () => {
    const slots = (requestFor('a flat white at noon').request.intent as { slots: Record<string, unknown> }).slots;
    expect(slots.drink).toEqual({
      name: 'drink',
      value: 'flat white',
      source: 'USER',
      confirmationStatus: 'NONE',
      resolutions: {
        resolutionsPerAuthority: [
          {
            authority: `amzn1.er-authority.echo-sdk.${skillId}.Drink`,
            status: { code: 'ER_SUCCESS_MATCH' },
            values: [{ value: { name: 'coffee', id: 'COFFEE' } }],
          },
        ],
      },
    });
    expect(slots.when).toEqual({ name: 'when', value: 'noon', source: 'USER', confirmationStatus: 'NONE' });
  });

  it('marks an unknown slot value ER_SUCCESS_NO_MATCH with no values', () => {
    const slots = (requestFor('order a milkshake').request.intent as { slots: Record<string, unknown> }).slots;
    expect(slots.drink).toMatchObject({
      value: 'milkshake',
      resolutions: {
        resolutionsPerAuthority: [
          { authority: `amzn1.er-authority.echo-sdk.${skillId}.Drink`, status: { code: 'ER_SUCCESS_NO_MATCH' } },
        ],
      },
    });
  });

  it('sends declared slots that were not filled, without a value', () => {
    const envelope = intentRequest('OrderIntent', [{ name: 'drink', type: 'Drink' }], context());
    expect(envelope.request).toMatchObject({
      type: 'IntentRequest',
      dialogState: 'COMPLETED',
      intent: {
        name: 'OrderIntent',
        confirmationStatus: 'NONE',
        slots: { drink: { name: 'drink', confirmationStatus: 'NONE' } },
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
