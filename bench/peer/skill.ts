/**
 * The peer: the skill written as ASK SDK v2 users write it (Amazon's linked-profile sample): a request
 * interceptor asks Cognito's GetUser on every request, another sets up i18next, plain handlers answer.
 * GetUser is passed in (lambdaSeed.ts: AWS SDK v2, lambdaV3.ts: v3). test/bench/peerParity.test.ts
 * keeps its answers the skill's.
 */
import * as Alexa from 'ask-sdk-core';
import i18next, { TFunction } from 'i18next';
import appJson from '../../app.json';
import de from '../../src/i18n/de.json';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';

// The skill's own texts, kept the way ASK SDK samples keep theirs: every language in one object, with
// the skill's name the texts refer to.
const skillName = { name: appJson.skill.name, spokenName: appJson.skill.name };
const withName = ({ translation }: { translation: object }) => ({ translation: { ...translation, skill: skillName } });
const languageStrings = { en: withName(en), de: withName(de), es: withName(es) };

/** GetUser, whose answer is the same from the AWS SDK v2 and v3. */
export type GetUser = (
  accessToken: string,
) => Promise<{ Username?: string; UserAttributes?: { Name?: string; Value?: string }[] }>;
type SessionUser = { auth?: boolean; username?: string; email?: string; name?: string };

/**
 * What the user can ask for, by InfoType id (models/*.json): the session value and the texts that
 * tell it. A field list of the skill's own can take this table's place.
 */
const PROFILE_FIELDS: { id: string; value: 'username' | 'email'; said: string; card: string; missing?: string[] }[] = [
  { id: 'userName', value: 'username', said: 'profile.userName', card: 'profile.cardUserName' },
  {
    id: 'emailAddress',
    value: 'email',
    said: 'profile.emailAddress',
    card: 'profile.cardEmail',
    missing: ['profile.noEmail', 'profile.cardNoEmail'],
  },
];
const FULL_PROFILE = 'fullProfile';
const OPEN_INTENTS = ['AMAZON.HelpIntent', 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.FallbackIntent'];

const t = (input: Alexa.HandlerInput) => input.attributesManager.getRequestAttributes().t as TFunction;
const user = (input: Alexa.HandlerInput) => input.attributesManager.getSessionAttributes() as SessionUser;
const requestType = (input: Alexa.HandlerInput) => Alexa.getRequestType(input.requestEnvelope);
const isIntent = (input: Alexa.HandlerInput, ...names: string[]) =>
  requestType(input) === 'IntentRequest' && names.includes(Alexa.getIntentName(input.requestEnvelope));

function loadUserInterceptor(getUser: GetUser): Alexa.RequestInterceptor {
  return {
    async process(input) {
      const attributes = user(input);
      const accessToken = input.requestEnvelope.context.System.user.accessToken;
      attributes.auth = false;
      if (!accessToken) return;
      try {
        const result = await getUser(accessToken);
        const values = new Map((result.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
        const [email, name] = [values.get('email'), values.get('name')];
        Object.assign(attributes, { auth: true, username: result.Username, email, name });
      } catch (error) {
        console.log(`GetUser failed: ${(error as Error).name}`);
      }
    },
  };
}

const localisationInterceptor: Alexa.RequestInterceptor = {
  async process(input) {
    const lng = Alexa.getLocale(input.requestEnvelope);
    const translate = await i18next.init({ lng, fallbackLng: 'en', resources: languageStrings });
    input.attributesManager.setRequestAttributes({ t: translate });
  },
};

type Input = Alexa.HandlerInput;
const nameOf = (u: SessionUser) => u.name ?? u.username;

/** Says `key`'s text, then `reprompt`'s to keep the session open, or `end` to close it. */
function say(input: Input, key: string, params: object = {}, next: { reprompt?: string; end?: true } = {}) {
  const builder = input.responseBuilder.speak(t(input)(key, params));
  if (next.reprompt) builder.reprompt(t(input)(next.reprompt));
  if (next.end) builder.withShouldEndSession(true);
  return builder.getResponse();
}

const linkAccount = (input: Input, key: string) =>
  input.responseBuilder.speak(t(input)(key)).withLinkAccountCard().withShouldEndSession(true).getResponse();

function requestInfo(input: Input) {
  const slot = Alexa.getSlot(input.requestEnvelope, 'infoTypeRequested');
  const id = slot?.resolutions?.resolutionsPerAuthority?.[0]?.values?.[0]?.value?.id;
  const tr = t(input);
  const u = user(input);
  const lines = PROFILE_FIELDS.map(({ id, value, said, card, missing = [said, card] }) => {
    const params = { [value]: u[value] };
    return u[value]
      ? { id, said: tr(said, params), card: tr(card, params) }
      : { id, said: tr(missing[0]), card: tr(missing[1]) };
  });
  const field = lines.find((line) => line.id === id);
  const params = { name: nameOf(u), username: u.username, email: u.email };
  const profile = tr(u.email ? 'profile.fullProfile' : 'profile.fullProfileNoEmail', params);
  const speech = field?.said ?? (id === FULL_PROFILE ? profile : `${tr('profile.notSure')} ${profile}`);
  const card = field?.card ?? [tr('profile.cardName', params), ...lines.map((line) => line.card)].join('\n');
  return input.responseBuilder
    .speak(speech)
    .reprompt(tr('profile.reprompt'))
    .withSimpleCard(tr('skill.name'), card)
    .getResponse();
}

/** The handlers, in the order the ASK SDK asks them: [can handle, handle]. */
const HANDLERS: [(input: Input) => boolean, (input: Input) => ReturnType<typeof say>][] = [
  [
    (input) => requestType(input) === 'LaunchRequest',
    (input) =>
      user(input).auth
        ? say(input, 'welcome.linked', { name: nameOf(user(input)) }, { reprompt: 'welcome.reprompt' })
        : linkAccount(input, 'linking.launch'),
  ],
  // Anything but the open intents needs the account: unlinked users get the LinkAccount card.
  [
    (input) => requestType(input) === 'IntentRequest' && !user(input).auth && !isIntent(input, ...OPEN_INTENTS),
    (input) => linkAccount(input, 'linking.notLinked'),
  ],
  [(input) => isIntent(input, 'RequestInfoIntent'), requestInfo],
  [
    (input) => isIntent(input, 'HelloWorldIntent'),
    (input) => say(input, 'hello.linked', { name: nameOf(user(input)) }, { reprompt: 'help.reprompt' }),
  ],
  [
    (input) => isIntent(input, 'AMAZON.HelpIntent'),
    (input) => say(input, user(input).auth ? 'help.linked' : 'help.notLinked', {}, { reprompt: 'help.reprompt' }),
  ],
  [
    (input) => isIntent(input, 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'),
    (input) => say(input, 'goodbye', {}, { end: true }),
  ],
  [(input) => requestType(input) === 'SessionEndedRequest', (input) => input.responseBuilder.getResponse()],
  [
    (input) => requestType(input) === 'IntentRequest',
    (input) => say(input, 'fallback.message', {}, { reprompt: 'fallback.reprompt' }),
  ],
];

const errorHandler: Alexa.ErrorHandler = {
  canHandle: () => true,
  handle(input, error) {
    console.log(`Error handled: ${error.name}`);
    return say(input, 'error.generic');
  },
};

/** The skill as ASK SDK users assemble it; `.lambda()` for Lambda, `.create()` to invoke it in process. */
export function peerSkillBuilder(getUser: GetUser, skillId?: string): Alexa.CustomSkillBuilder {
  const builder = Alexa.SkillBuilders.custom()
    .addRequestHandlers(...HANDLERS.map(([canHandle, handle]) => ({ canHandle, handle })))
    .addRequestInterceptors(loadUserInterceptor(getUser), localisationInterceptor)
    .addErrorHandlers(errorHandler);
  return skillId ? builder.withSkillId(skillId) : builder;
}
