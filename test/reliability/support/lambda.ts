import { DEV_SKILL_ID } from '../../support/alexaEnvelopes';

export type LambdaHandler = (event: unknown, context: never) => Promise<unknown>;

/** Where the prod-stage handler finds its pool, app client and skill (the stack sets these on the function). */
export interface LambdaEnvironment {
  SKILL_ID?: string;
  COGNITO_USER_POOL_ID: string;
  COGNITO_APP_CLIENT_ID: string;
  COGNITO_API_ENDPOINT?: string;
  COGNITO_JWKS_URI?: string;
  LOG_LEVEL?: string;
  /** Powertools: 'true' (the default here) keeps the EMF documents out of the test output. */
  POWERTOOLS_METRICS_DISABLED?: string;
  POWERTOOLS_METRICS_NAMESPACE?: string;
  POWERTOOLS_SERVICE_NAME?: string;
}

/**
 * The Lambda handler (src/server.lambda.ts) as Lambda runs it: it builds its app from the prod stage
 * and the environment when it is imported, so the environment is set for the import and put back
 * afterwards. One handler per module registry (a jest test file, or the full run's process).
 */
export async function loadLambdaHandler(env: LambdaEnvironment): Promise<LambdaHandler> {
  // Lambda sets AWS_REGION for every function, and the initialization type (Powertools' cold start reads it).
  const settings: Record<string, string | undefined> = {
    SKILL_ID: DEV_SKILL_ID,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...env,
  };
  const saved = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));
  const put = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  put(settings);
  try {
    const { handler } = await import('../../../src/server.lambda');
    return handler as unknown as LambdaHandler;
  } finally {
    put(saved);
  }
}
