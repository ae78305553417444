/**
 * A skill server in its own process, so the load generator (in the parent) and the server under
 * load do not share one event loop. Started by httpLoad.ts with `node --import tsx`.
 */
import { createLogger } from '../src/logger';
import { startSkillServer } from '../src/server.express';
import { benchSkillConfig, IdentityEndpoint } from './config';
import { createVariantApp, VariantName } from './variants';

interface WorkerInput {
  variant: VariantName;
  identity: IdentityEndpoint;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.BENCH_HTTP_WORKER ?? '{}') as WorkerInput;
  const logger = createLogger({ level: 'silent' });
  const variant = createVariantApp(input.variant, benchSkillConfig(input.identity), logger);
  const server = await startSkillServer({ app: variant.app, logger, port: 0 });
  process.send?.({ webhookUrl: server.webhookUrl });
  process.once('disconnect', () => {
    variant.close();
    void server.close().then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(`bench http worker failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
