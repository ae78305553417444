/**
 * A skill server in its own process, so the load generator (in the parent) and the server under
 * load do not share one event loop. Built and started by httpLoad.ts.
 */
import { AddressInfo } from 'node:net';
import { requestPolicyFor } from '../src/alexa/requestPolicy';
import { createLogger } from '../src/logger';
import { startSkillServer } from '../src/server.express';
import { benchSkillConfig, IdentityEndpoint } from './config';
import { createVariant, SkillUnderTest, VariantName } from './variants';

interface WorkerInput {
  variant: VariantName;
  identity: IdentityEndpoint;
}

async function serve(skill: SkillUnderTest, input: WorkerInput): Promise<{ webhookUrl: string; close(): void }> {
  if (skill.app) {
    const logger = createLogger({ level: 'silent' });
    const config = benchSkillConfig(input.identity);
    const server = await startSkillServer({ app: skill.app, logger, requestPolicy: requestPolicyFor(config), port: 0 });
    return { webhookUrl: server.webhookUrl, close: () => void server.close() };
  }
  const server = skill.expressApp!.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { webhookUrl: `http://127.0.0.1:${port}/webhook`, close: () => server.close() };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.BENCH_HTTP_WORKER ?? '{}') as WorkerInput;
  const skill = createVariant(input.variant, benchSkillConfig(input.identity), createLogger({ level: 'silent' }));
  const server = await serve(skill, input);
  process.send?.({ webhookUrl: server.webhookUrl });
  process.once('disconnect', () => {
    skill.close();
    server.close();
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(`bench http worker failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
