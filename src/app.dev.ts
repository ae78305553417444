import { createApp } from './app';
import { localSkillConfig } from '../deploy/settings';
import { assertDebuggerMayConnect } from './devDebugger';

/**
 * Dev stage: the local identity service (app.json "dev") and, under `jovo run` (--jovo-webhook), the
 * Jovo debugger, which connects only while the skill talks to the local identity service
 * (src/devDebugger.ts). When its webhook is unreachable (no internet) the debugger says so and the
 * skill keeps serving http://localhost:3000/webhook. Jovo's TestSuite loads this file by default.
 */
export const config = localSkillConfig(process.env);
export const app = createApp(config);
if (process.argv.includes('--jovo-webhook')) {
  assertDebuggerMayConnect(config.cognito);
  // Loaded only here: the plugin brings a language-understanding library with it.
  const { JovoDebugger } = require('@jovotech/plugin-debugger') as typeof import('@jovotech/plugin-debugger');
  app.use(new JovoDebugger());
}
