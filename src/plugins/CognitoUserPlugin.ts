import { Extensible, InputType, Jovo, Plugin, PluginConfig } from '@jovotech/framework';
import { CognitoUser } from '../cognito/cognitoUserClient';
import { LinkResult } from '../cognito/loadLinkedUser';
import { Logger } from '../logger';
import { readLinkedUser, writeLinkResult } from '../sessionUser';

export interface CognitoUserPluginConfig extends PluginConfig {
  /**
   * A function, not an object, on purpose: Jovo deep-clones every plugin for each request, but
   * shares functions. The loader behind it (SDK client, JWKS and user caches) must outlive a request.
   */
  loadLinkedUser: (accessToken: string | undefined, sessionUser?: CognitoUser) => Promise<LinkResult>;
  logger: Logger;
}

interface AlexaRequestUserFields {
  session?: { user?: { accessToken?: string } };
  context?: { System?: { user?: { accessToken?: string } } };
}

/** The access token Alexa holds for this user: in the session, or (skill events) in the context. */
export function accessTokenOf(jovo: Jovo): string | undefined {
  const request = jovo.$request as unknown as AlexaRequestUserFields;
  const token = request.session?.user?.accessToken || request.context?.System?.user?.accessToken;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

/**
 * Loads the Cognito user into the session at the start of every dialogue, so components and the
 * account-linking guard read `$session.data.auth` and the user's fields and never talk to Cognito.
 */
export class CognitoUserPlugin extends Plugin<CognitoUserPluginConfig> {
  getDefaultConfig(): CognitoUserPluginConfig {
    return {
      loadLinkedUser: async () => ({ state: 'not-linked', reason: 'no-loader-configured' }),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    };
  }

  mount(parent: Extensible): void {
    parent.middlewareCollection.use('before.dialogue.start', (jovo: Jovo) => this.loadUser(jovo));
  }

  private async loadUser(jovo: Jovo): Promise<void> {
    // A session that is ending gets no answer from us; do not spend Cognito's time on it.
    if (jovo.$input.type === InputType.End) return;
    const result = await this.config.loadLinkedUser(accessTokenOf(jovo), readLinkedUser(jovo.$session.data));
    writeLinkResult(jovo.$session.data, result);
    this.config.logger.debug('user loaded', {
      linkState: result.state,
      source: result.state === 'linked' ? result.source : result.reason,
    });
  }
}
