/** Each locale the skill ships for speaks its own language, from src/i18n. */
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { Conversation, SendEnvelope, speechOf, viaTestSuite } from '../support/conversation';
import { ALICE, RunningIdentity, signIn, skillConfigFor, startTestIdentity } from '../support/identity';

let identity: RunningIdentity;
let token: string;
const sendFor: Record<string, SendEnvelope> = {};
const LOCALES = ['en-US', 'en-GB', 'de-DE', 'es-ES'];

beforeAll(async () => {
  identity = await startTestIdentity();
  token = (await signIn(identity, ALICE)).accessToken;
  for (const locale of LOCALES) {
    sendFor[locale] = viaTestSuite(
      createApp(skillConfigFor(identity), { logger: createLogger({ level: 'silent' }) }),
      locale,
    );
  }
});
afterAll(() => identity?.close());

describe.each([
  [
    'en-US',
    /^Welcome back, Alice Smith!/,
    /^Your email address is alice@example\.com\.$/,
    /^Welcome to Profile Keeper\./,
  ],
  [
    'en-GB',
    /^Welcome back, Alice Smith!/,
    /^Your email address is alice@example\.com\.$/,
    /^Welcome to Profile Keeper\./,
  ],
  [
    'de-DE',
    /^Willkommen zurück, Alice Smith!/,
    /^Deine E-Mail-Adresse ist alice@example\.com\.$/,
    /^Willkommen bei Profile Keeper\./,
  ],
  [
    'es-ES',
    /^¡Hola de nuevo, Alice Smith!/,
    /^Tu correo electrónico es alice@example\.com\.$/,
    /^Bienvenido a Profile Keeper\./,
  ],
])('in %s', (locale, welcome, email, linkFirst) => {
  test('the welcome, the answer and the linking explanation are in that language', async () => {
    const linked = new Conversation(sendFor[locale], { locale, accessToken: token });
    expect(speechOf(await linked.launch())).toMatch(welcome);
    expect(speechOf(await linked.ask('RequestInfoIntent', { value: 'x', id: 'emailAddress' }))).toMatch(email);
    expect(speechOf(await new Conversation(sendFor[locale], { locale }).launch())).toMatch(linkFirst);
  });
});
