import { requestPolicyFor } from '../../src/alexa/requestPolicy';
import { createApp, CreateAppOptions } from '../../src/app';
import { SkillConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { RunningSkillServer, startSkillServer } from '../../src/server.express';

/** The skill's real HTTP server on an ephemeral port, for `config` (its skill id; signature checks as configured). */
export function startTestSkill(config: SkillConfig, options: CreateAppOptions = {}): Promise<RunningSkillServer> {
  const logger = options.logger ?? createLogger({ level: 'silent' });
  return startSkillServer({
    app: createApp(config, { ...options, logger }),
    logger,
    requestPolicy: requestPolicyFor(config),
    port: 0,
  });
}
