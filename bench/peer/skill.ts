/**
 * The peer: the same skill written the way ASK SDK v2 users write it (Amazon's linked-profile
 * sample, and account-linked skills that call GetUser on every request). A request interceptor asks
 * Cognito's GetUser, another sets up i18next for the request's locale, and plain handlers answer.
 * The GetUser call is passed in: lambdaSeed.ts makes it with the AWS SDK v2, lambdaV3.ts with v3.
 * Benchmark only: the skill (src/) never imports it. test/bench/peerParity.test.ts keeps its
 * answers the skill's.
 */
import * as Alexa from 'ask-sdk-core';
import i18next, { TFunction } from 'i18next';
import { languageStrings } from './languageStrings';

/** GetUser's answer, the same from the AWS SDK v2 and v3. */
export interface GetUserResult {
  Username?: string;
  UserAttributes?: { Name?: string; Value?: string }[];
}
export type GetUser = (accessToken: string) => Promise<GetUserResult>;

interface SessionUser {
  auth?: boolean;
  username?: string;
  email?: string;
  name?: string;
}

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
        Object.assign(attributes, {
          auth: true,
          username: result.Username,
          email: values.get('email'),
          name: values.get('name'),
        });
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

function handler(
  canHandle: Alexa.RequestHandler['canHandle'],
  handle: Alexa.RequestHandler['handle'],
): Alexa.RequestHandler {
  return { canHandle, handle };
}

const linkAccount = (input: Alexa.HandlerInput, key: string) =>
  input.responseBuilder.speak(t(input)(key)).withLinkAccountCard().withShouldEndSession(true).getResponse();

function requestInfo(input: Alexa.HandlerInput) {
  const slot = Alexa.getSlot(input.requestEnvelope, 'infoTypeRequested');
  const id = slot?.resolutions?.resolutionsPerAuthority?.[0]?.values?.[0]?.value?.id;
  const tr = t(input);
  const u = user(input);
  const name = u.name ?? u.username;
  const lines = PROFILE_FIELDS.map(({ id, value, said, card, missing = [said, card] }) => {
    const params = { [value]: u[value] };
    return u[value]
      ? { id, said: tr(said, params), card: tr(card, params) }
      : { id, said: tr(missing[0]), card: tr(missing[1]) };
  });
  const field = lines.find((line) => line.id === id);
  let speech = field?.said;
  let card = field?.card;
  if (!field) {
    const profile = u.email
      ? tr('profile.fullProfile', { name, username: u.username, email: u.email })
      : tr('profile.fullProfileNoEmail', { name, username: u.username });
    speech = id === FULL_PROFILE ? profile : `${tr('profile.notSure')} ${profile}`;
    card = [tr('profile.cardName', { name }), ...lines.map((line) => line.card)].join('\n');
  }
  return input.responseBuilder
    .speak(speech ?? '')
    .reprompt(tr('profile.reprompt'))
    .withSimpleCard(tr('skill.name'), card ?? '')
    .getResponse();
}

const HANDLERS = [
  handler(
    (input) => requestType(input) === 'LaunchRequest',
    (input) =>
      user(input).auth
        ? input.responseBuilder
            .speak(t(input)('welcome.linked', { name: user(input).name ?? user(input).username }))
            .reprompt(t(input)('welcome.reprompt'))
            .getResponse()
        : linkAccount(input, 'linking.launch'),
  ),
  // Anything but the open intents needs the account: unlinked users get the LinkAccount card.
  handler(
    (input) => requestType(input) === 'IntentRequest' && !user(input).auth && !isIntent(input, ...OPEN_INTENTS),
    (input) => linkAccount(input, 'linking.notLinked'),
  ),
  handler((input) => isIntent(input, 'RequestInfoIntent'), requestInfo),
  handler(
    (input) => isIntent(input, 'HelloWorldIntent'),
    (input) =>
      input.responseBuilder
        .speak(t(input)('hello.linked', { name: user(input).name ?? user(input).username }))
        .reprompt(t(input)('help.reprompt'))
        .getResponse(),
  ),
  handler(
    (input) => isIntent(input, 'AMAZON.HelpIntent'),
    (input) =>
      input.responseBuilder
        .speak(t(input)(user(input).auth ? 'help.linked' : 'help.notLinked'))
        .reprompt(t(input)('help.reprompt'))
        .getResponse(),
  ),
  handler(
    (input) => isIntent(input, 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'),
    (input) => input.responseBuilder.speak(t(input)('goodbye')).withShouldEndSession(true).getResponse(),
  ),
  handler(
    (input) => requestType(input) === 'SessionEndedRequest',
    (input) => input.responseBuilder.getResponse(),
  ),
  handler(
    (input) => requestType(input) === 'IntentRequest',
    (input) =>
      input.responseBuilder.speak(t(input)('fallback.message')).reprompt(t(input)('fallback.reprompt')).getResponse(),
  ),
];

const errorHandler: Alexa.ErrorHandler = {
  canHandle: () => true,
  handle(input, error) {
    console.log(`Error handled: ${error.name}`);
    return input.responseBuilder.speak(t(input)('error.generic')).getResponse();
  },
};

/** The skill as ASK SDK users assemble it; `.lambda()` for Lambda, `.create()` to invoke it in process. */
export function peerSkillBuilder(getUser: GetUser, skillId?: string): Alexa.CustomSkillBuilder {
  const builder = Alexa.SkillBuilders.custom()
    .addRequestHandlers(...HANDLERS)
    .addRequestInterceptors(loadUserInterceptor(getUser), localisationInterceptor)
    .addErrorHandlers(errorHandler);
  return skillId ? builder.withSkillId(skillId) : builder;
}
