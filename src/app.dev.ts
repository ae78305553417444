import { JovoDebugger } from '@jovotech/plugin-debugger';
import { createApp } from './app';
import { localSkillConfig } from '../deploy/settings';

/**
 * Dev stage: the local identity service (app.json "dev") and, under `jovo run`, the Jovo debugger.
 * The debugger only connects when the process is started with --jovo-webhook; when its webhook is
 * unreachable (no internet) it says so and the skill keeps serving http://localhost:3000/webhook.
 */
export const config = localSkillConfig(process.env);
export const app = createApp(config);
if (process.argv.includes('--jovo-webhook')) {
  app.use(new JovoDebugger());
}
