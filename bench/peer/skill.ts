/**
 * The peer: the same skill written the way ASK SDK v2 users write it (Amazon's samples, and account-
 * linked skills that call GetUser on every request). A request interceptor asks Cognito's GetUser,
 * another sets up i18next for the request's locale, and plain handlers answer. Benchmark only:
 * the product (src/) never imports it.
 */
import * as Alexa from 'ask-sdk-core';
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import i18next, { TFunction } from 'i18next';
import { languageStrings } from './languageStrings';

export interface PeerSettings {
  region: string;
  /** Only for the local identity service; AWS uses the SDK's regional endpoint. */
  cognitoEndpoint?: string;
  skillId?: string;
}

interface SessionUser {
  auth?: boolean;
  userName?: string;
  emailAddress?: string;
  name?: string;
}

const OPEN_INTENTS = ['AMAZON.HelpIntent', 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.FallbackIntent'];

function t(input: Alexa.HandlerInput): TFunction {
  return input.attributesManager.getRequestAttributes().t as TFunction;
}

function user(input: Alexa.HandlerInput): SessionUser {
  return input.attributesManager.getSessionAttributes() as SessionUser;
}

function isIntent(input: Alexa.HandlerInput, ...names: string[]): boolean {
  const envelope = input.requestEnvelope;
  return Alexa.getRequestType(envelope) === 'IntentRequest' && names.includes(Alexa.getIntentName(envelope));
}

function loadUserInterceptor(cognito: CognitoIdentityProviderClient): Alexa.RequestInterceptor {
  return {
    async process(input) {
      const attributes = user(input);
      const accessToken = input.requestEnvelope.context.System.user.accessToken;
      if (!accessToken) {
        attributes.auth = false;
        return;
      }
      try {
        const result = await cognito.send(new GetUserCommand({ AccessToken: accessToken }));
        const values = new Map((result.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
        attributes.auth = true;
        attributes.userName = result.Username;
        attributes.emailAddress = values.get('email');
        attributes.name = values.get('name');
      } catch (error) {
        console.log(`GetUser failed: ${(error as Error).name}`);
        attributes.auth = false;
      }
    },
  };
}

const localisationInterceptor: Alexa.RequestInterceptor = {
  async process(input) {
    const translate = await i18next.init({
      lng: Alexa.getLocale(input.requestEnvelope),
      fallbackLng: 'en',
      resources: languageStrings,
    });
    input.attributesManager.setRequestAttributes({ t: translate });
  },
};

const launchHandler: Alexa.RequestHandler = {
  canHandle: (input) => Alexa.getRequestType(input.requestEnvelope) === 'LaunchRequest',
  handle(input) {
    const u = user(input);
    if (!u.auth) {
      return input.responseBuilder
        .speak(t(input)('linking.launch'))
        .withLinkAccountCard()
        .withShouldEndSession(true)
        .getResponse();
    }
    return input.responseBuilder
      .speak(t(input)('welcome.linked', { name: u.name ?? u.userName }))
      .reprompt(t(input)('welcome.reprompt'))
      .getResponse();
  },
};

/** Anything but the open intents needs the account: unlinked users get the LinkAccount card. */
const linkAccountHandler: Alexa.RequestHandler = {
  canHandle: (input) =>
    Alexa.getRequestType(input.requestEnvelope) === 'IntentRequest' &&
    !user(input).auth &&
    !isIntent(input, ...OPEN_INTENTS),
  handle: (input) =>
    input.responseBuilder
      .speak(t(input)('linking.notLinked'))
      .withLinkAccountCard()
      .withShouldEndSession(true)
      .getResponse(),
};

const requestInfoHandler: Alexa.RequestHandler = {
  canHandle: (input) => isIntent(input, 'RequestInfoIntent'),
  handle(input) {
    const slot = Alexa.getSlot(input.requestEnvelope, 'infoTypeRequested');
    const infoType = slot?.resolutions?.resolutionsPerAuthority?.[0]?.values?.[0]?.value?.id;
    const tr = t(input);
    const { userName: username, emailAddress: email, name = username } = user(input);
    const emailCard = email ? tr('profile.cardEmail', { email }) : tr('profile.cardNoEmail');
    let speech: string;
    let card: string;
    if (infoType === 'emailAddress') {
      speech = email ? tr('profile.emailAddress', { email }) : tr('profile.noEmail');
      card = emailCard;
    } else if (infoType === 'userName') {
      speech = tr('profile.userName', { username });
      card = tr('profile.cardUserName', { username });
    } else {
      const profile = email
        ? tr('profile.fullProfile', { name, username, email })
        : tr('profile.fullProfileNoEmail', { name, username });
      speech = infoType === 'fullProfile' ? profile : `${tr('profile.notSure')} ${profile}`;
      card = [tr('profile.cardName', { name }), tr('profile.cardUserName', { username }), emailCard].join('\n');
    }
    return input.responseBuilder
      .speak(speech)
      .reprompt(tr('profile.reprompt'))
      .withSimpleCard(tr('skill.name'), card)
      .getResponse();
  },
};

const helloHandler: Alexa.RequestHandler = {
  canHandle: (input) => isIntent(input, 'HelloWorldIntent'),
  handle(input) {
    const u = user(input);
    return input.responseBuilder
      .speak(t(input)('hello.linked', { name: u.name ?? u.userName }))
      .reprompt(t(input)('help.reprompt'))
      .getResponse();
  },
};

const helpHandler: Alexa.RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.HelpIntent'),
  handle: (input) =>
    input.responseBuilder
      .speak(t(input)(user(input).auth ? 'help.linked' : 'help.notLinked'))
      .reprompt(t(input)('help.reprompt'))
      .getResponse(),
};

const stopHandler: Alexa.RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'),
  handle: (input) => input.responseBuilder.speak(t(input)('goodbye')).withShouldEndSession(true).getResponse(),
};

const fallbackHandler: Alexa.RequestHandler = {
  canHandle: (input) => Alexa.getRequestType(input.requestEnvelope) === 'IntentRequest',
  handle: (input) =>
    input.responseBuilder.speak(t(input)('fallback.message')).reprompt(t(input)('fallback.reprompt')).getResponse(),
};

const sessionEndedHandler: Alexa.RequestHandler = {
  canHandle: (input) => Alexa.getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
  handle: (input) => input.responseBuilder.getResponse(),
};

const errorHandler: Alexa.ErrorHandler = {
  canHandle: () => true,
  handle(input, error) {
    console.log(`Error handled: ${error.name}`);
    return input.responseBuilder.speak(t(input)('error.generic')).getResponse();
  },
};

/** The skill as ASK SDK users assemble it; `.lambda()` for Lambda, `.create()` for a web server. */
export function peerSkillBuilder(settings: PeerSettings): Alexa.CustomSkillBuilder {
  const cognito = new CognitoIdentityProviderClient({ region: settings.region, endpoint: settings.cognitoEndpoint });
  const builder = Alexa.SkillBuilders.custom()
    .addRequestHandlers(
      launchHandler,
      linkAccountHandler,
      requestInfoHandler,
      helloHandler,
      helpHandler,
      stopHandler,
      sessionEndedHandler,
      fallbackHandler,
    )
    .addRequestInterceptors(loadUserInterceptor(cognito), localisationInterceptor)
    .addErrorHandlers(errorHandler);
  return settings.skillId ? builder.withSkillId(settings.skillId) : builder;
}
