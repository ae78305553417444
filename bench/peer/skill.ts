/**
 * The peer: the skill written as ASK SDK v2 users write it (Amazon's linked-profile sample): a request
 * interceptor asks Cognito's GetUser on every request, another sets up i18next, plain handlers answer.
 * GetUser is passed in (lambdaSeed.ts: AWS SDK v2, lambdaV3.ts: v3). Its words and answers are the
 * skill's own modules; test/bench/peerParity.test.ts checks it says what the skill says.
 */
import * as Alexa from 'ask-sdk-core';
import i18next, { TFunction } from 'i18next';
import appJson from '../../app.json';
import { answerLocale } from '../../src/i18n/locales';
import de from '../../src/i18n/de.json';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';
import { fieldAnswer, fitsSpeech, fullProfileAnswer } from '../../src/output/profileAnswers';
import { infoTypesList } from '../../src/output/translate';
import { speech, Translate } from '../../src/output/userText';
import { CognitoUser, FULL_PROFILE, fieldById, nameOf, profileAttributesFrom } from '../../src/profileFields';

// The skill's own texts, kept the way ASK SDK samples keep theirs: every language in one object, with
// the skill's name the texts refer to.
const skillName = { name: appJson.skill.name, spokenName: appJson.skill.name };
const withName = ({ translation }: { translation: object }) => ({ translation: { ...translation, skill: skillName } });
const languageStrings = { en: withName(en), de: withName(de), es: withName(es) };

/** GetUser, whose answer is the same from the AWS SDK v2 and v3. */
export type GetUser = (
  accessToken: string,
) => Promise<{ Username?: string; UserAttributes?: { Name?: string; Value?: string }[] }>;
type SessionUser = { auth?: boolean; user?: CognitoUser };

const OPEN_INTENTS = ['AMAZON.HelpIntent', 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.FallbackIntent'];

const t = (input: Alexa.HandlerInput) => input.attributesManager.getRequestAttributes().t as Translate;
const session = (input: Alexa.HandlerInput) => input.attributesManager.getSessionAttributes() as SessionUser;
const requestType = (input: Alexa.HandlerInput) => Alexa.getRequestType(input.requestEnvelope);
const isIntent = (input: Alexa.HandlerInput, ...names: string[]) =>
  requestType(input) === 'IntentRequest' && names.includes(Alexa.getIntentName(input.requestEnvelope));

function loadUserInterceptor(getUser: GetUser): Alexa.RequestInterceptor {
  return {
    async process(input) {
      const attributes = session(input);
      const accessToken = input.requestEnvelope.context.System.user.accessToken;
      attributes.auth = false;
      if (!accessToken) return;
      try {
        const result = await getUser(accessToken);
        const values = (result.UserAttributes ?? []).map((a): [string, unknown] => [a.Name ?? '', a.Value]);
        const sub = String(values.find(([name]) => name === 'sub')?.[1] ?? '');
        const user = { sub, username: result.Username ?? '', attributes: profileAttributesFrom(values) };
        Object.assign(attributes, { auth: true, user });
      } catch (error) {
        console.log(`GetUser failed: ${(error as Error).name}`);
      }
    },
  };
}

// The skill's words and answers (src/output, src/profileFields.ts), so the peer says exactly what the
// skill says: a fair baseline is the same skill on another framework.
const localisationInterceptor: Alexa.RequestInterceptor = {
  async process(input) {
    const lng = answerLocale(Alexa.getLocale(input.requestEnvelope));
    const translate: TFunction = await i18next.init({ lng, fallbackLng: 'en', resources: languageStrings });
    const infoTypes = infoTypesList((key) => translate(key));
    const tr: Translate = (key, options) => translate(key, { infoTypes, ...options });
    input.attributesManager.setRequestAttributes({ t: tr });
  },
};

type Input = Alexa.HandlerInput;
type Next = { reprompt?: string; end?: true };

/** Says `key`'s text, then `reprompt`'s to keep the session open, or `end` to close it. */
function say(input: Input, key: string, params: Record<string, string> = {}, next: Next = {}) {
  const builder = input.responseBuilder.speak(speech(t(input), key, params));
  if (next.reprompt) builder.reprompt(speech(t(input), next.reprompt));
  if (next.end) builder.withShouldEndSession(true);
  return builder.getResponse();
}

function greet(input: Input, kind: 'welcome' | 'hello', reprompt: string) {
  const user = session(input).user;
  const name = user && nameOf(user);
  return name !== undefined && fitsSpeech(name)
    ? say(input, `${kind}.linked`, { name }, { reprompt })
    : say(input, `${kind}.nameless`, {}, { reprompt });
}

const linkAccount = (input: Input, key: string) =>
  input.responseBuilder
    .speak(speech(t(input), key))
    .withLinkAccountCard()
    .withShouldEndSession(true)
    .getResponse();

function requestInfo(input: Input) {
  const slot = Alexa.getSlot(input.requestEnvelope, 'infoTypeRequested');
  const id = slot?.resolutions?.resolutionsPerAuthority?.[0]?.values?.[0]?.value?.id;
  const tr = t(input);
  const user = session(input).user as CognitoUser;
  const field = fieldById(id);
  const title = tr('skill.name');
  const answer = field ? fieldAnswer(tr, field, user, title) : fullProfileAnswer(tr, user, id === FULL_PROFILE, title);
  return input.responseBuilder
    .speak(answer.speech)
    .reprompt(speech(tr, 'profile.reprompt'))
    .withSimpleCard(title, answer.card)
    .getResponse();
}

/** The handlers, in the order the ASK SDK asks them: [can handle, handle]. */
const HANDLERS: [(input: Input) => boolean, (input: Input) => ReturnType<typeof say>][] = [
  [
    (input) => requestType(input) === 'LaunchRequest',
    (input) =>
      session(input).auth ? greet(input, 'welcome', 'welcome.reprompt') : linkAccount(input, 'linking.launch'),
  ],
  // Anything but the open intents needs the account: unlinked users get the LinkAccount card.
  [
    (input) => requestType(input) === 'IntentRequest' && !session(input).auth && !isIntent(input, ...OPEN_INTENTS),
    (input) => linkAccount(input, 'linking.notLinked'),
  ],
  [(input) => isIntent(input, 'RequestInfoIntent'), requestInfo],
  [(input) => isIntent(input, 'HelloWorldIntent'), (input) => greet(input, 'hello', 'help.reprompt')],
  [
    (input) => isIntent(input, 'AMAZON.HelpIntent'),
    (input) => say(input, session(input).auth ? 'help.linked' : 'help.notLinked', {}, { reprompt: 'help.reprompt' }),
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
