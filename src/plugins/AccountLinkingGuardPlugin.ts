import { Extensible, InputType, Jovo, Plugin, PluginConfig } from '@jovotech/framework';
import { AccountLinkingComponent } from '../components/AccountLinkingComponent';
import { linkStateOf } from '../sessionUser';

export interface AccountLinkingGuardPluginConfig extends PluginConfig {
  /** Intents that work without a linked account (Alexa certification: Help, Stop, Cancel must always work). */
  openIntents: string[];
  /** Input types that work without a linked account (launch explains linking itself; session end needs no user). */
  openInputTypes: string[];
}

/**
 * The account-linking guard. It runs before Jovo's router on purpose: the router lets handlers of
 * the component in the dialogue state beat global ones, so a guard written as a global handler
 * could be skipped from inside a component. Here every request that needs the user is seen.
 */
export class AccountLinkingGuardPlugin extends Plugin<AccountLinkingGuardPluginConfig> {
  getDefaultConfig(): AccountLinkingGuardPluginConfig {
    return {
      openIntents: [
        'AMAZON.HelpIntent',
        'AMAZON.StopIntent',
        'AMAZON.CancelIntent',
        'AMAZON.FallbackIntent',
        'AMAZON.NavigateHomeIntent',
      ],
      openInputTypes: [
        InputType.Launch,
        InputType.End,
        'AlexaSkillEvent.SkillAccountLinked',
        'System.ExceptionEncountered',
      ],
    };
  }

  mount(parent: Extensible): void {
    parent.middlewareCollection.use('before.dialogue.router', (jovo: Jovo) => this.guard(jovo));
  }

  private isOpen(jovo: Jovo): boolean {
    const type = jovo.$input.type as string;
    if (this.config.openInputTypes.includes(type)) return true;
    const intent = jovo.$input.getIntentName();
    return intent !== undefined && this.config.openIntents.includes(intent);
  }

  private async guard(jovo: Jovo): Promise<void> {
    const state = linkStateOf(jovo.$session.data);
    if (state === 'linked' || this.isOpen(jovo)) return;
    jovo.$handleRequest.skipMiddlewares('dialogue.router', 'dialogue.logic');
    await jovo.$redirect(AccountLinkingComponent, state === 'unavailable' ? 'accountUnavailable' : 'linkAccount');
  }
}
