/**
 * The Jovo v4 "hello world" template app (jovo new, TypeScript, Alexa only), as the cold-start
 * baseline: the framework, the Alexa platform and the Lambda server, with the template's two
 * components and one output. Request/response logging is off, as in the product, so both do the
 * same per-request work apart from the user loading.
 */
import { App } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { GlobalComponent } from './components/GlobalComponent';
import { LoveHatePizzaComponent } from './components/LoveHatePizzaComponent';
import en from './i18n/en.json';

export const app = new App({
  components: [GlobalComponent, LoveHatePizzaComponent],
  plugins: [
    new AlexaPlatform({
      intentMap: { 'AMAZON.StopIntent': 'END', 'AMAZON.CancelIntent': 'END' },
    }),
  ],
  logging: false,
  i18n: { resources: { en } },
});
