import { BaseComponent, Component, Intents } from '@jovotech/framework';
import { YesNoOutput } from '../output/YesNoOutput';

@Component()
export class LoveHatePizzaComponent extends BaseComponent {
  START() {
    return this.$send(YesNoOutput, { message: this.$t('pizza.prompt') });
  }

  @Intents(['YesIntent'])
  lovesPizza() {
    return this.$send({ message: this.$t('pizza.loves'), listen: false });
  }

  @Intents(['NoIntent'])
  hatesPizza() {
    return this.$send({ message: this.$t('pizza.hates'), listen: false });
  }

  UNHANDLED() {
    return this.START();
  }
}
