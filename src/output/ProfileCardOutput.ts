import { BaseOutput, Output, OutputOptions, OutputTemplate } from '@jovotech/framework';

export interface ProfileCardOutputOptions extends OutputOptions {
  /** What Alexa says (SSML-safe). */
  speech: string;
  reprompt: string;
  /** Card title: the skill's name, as Alexa's card guidelines suggest. */
  title: string;
  /** Plain-text card body shown in the Alexa app. */
  content: string;
}

/** An answer about the user's profile: speech, a reprompt (the session stays open) and a simple card. */
@Output()
export class ProfileCardOutput extends BaseOutput<ProfileCardOutputOptions> {
  build(): OutputTemplate {
    return {
      message: this.options.speech,
      reprompt: this.options.reprompt,
      listen: true,
      // Alexa's Simple card (title + plain text). Jovo's generic `card` becomes a Standard card,
      // which is meant for images; a profile answer has none.
      platforms: {
        alexa: {
          nativeResponse: {
            response: { card: { type: 'Simple', title: this.options.title, content: this.options.content } },
          },
        },
      },
    };
  }
}
