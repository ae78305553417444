import { InputType, Jovo } from '@jovotech/framework';
import { ACCOUNT_LINKING_COMPONENT } from '../components/AccountLinkingComponent';
import { linkStateOf } from '../sessionUser';

/**
 * Requests that mean the same whether or not the account is linked (Alexa certification: Stop and
 * Cancel always work; a session end needs no user; Fallback explains what to say).
 */
const OPEN_INTENTS = ['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent', 'AMAZON.FallbackIntent'];
const OPEN_INPUT_TYPES: string[] = [InputType.End, 'AlexaSkillEvent.SkillAccountLinked', 'System.ExceptionEncountered'];

/** Which answer of the AccountLinkingComponent a request gets when the user's link is not usable. */
function notLinkedAnswer(jovo: Jovo): 'launch' | 'help' | 'needsAccount' {
  if (jovo.$input.type === InputType.Launch) return 'launch';
  return jovo.$input.getIntentName() === 'AMAZON.HelpIntent' ? 'help' : 'needsAccount';
}

/**
 * The account-linking guard, registered before Jovo's router on purpose: the router lets handlers of
 * the component in the dialogue state beat global ones, so a guard written as a global handler could
 * be skipped from inside a component. Here every request is seen; those that need the user and do not
 * have a usable one get their answer from the AccountLinkingComponent, and routing is skipped.
 */
export async function accountLinkingGuard(jovo: Jovo): Promise<void> {
  if (linkStateOf(jovo.$session.data) === 'linked') return;
  const intent = jovo.$input.getIntentName();
  if (OPEN_INPUT_TYPES.includes(jovo.$input.type as string) || (intent && OPEN_INTENTS.includes(intent))) return;
  jovo.$handleRequest.skipMiddlewares('dialogue.router', 'dialogue.logic');
  await jovo.$redirect(ACCOUNT_LINKING_COMPONENT, notLinkedAnswer(jovo));
}
