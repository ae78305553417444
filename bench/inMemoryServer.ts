import { App, Headers, QueryParams, Server, ServerResponse } from '@jovotech/framework';

/**
 * The smallest Jovo host: one request object in, one response object out, nothing else. It is
 * what the Lambda server does minus the callback, so a warm turn measures the skill, not a host.
 */
export class InMemoryServer extends Server {
  response?: ServerResponse;
  error?: Error;

  constructor(private readonly request: Record<string, unknown>) {
    super();
  }

  hasWriteFileAccess(): boolean {
    return false;
  }

  getRequestObject(): Record<string, unknown> {
    return this.request;
  }

  getQueryParams(): QueryParams {
    return {};
  }

  getNativeRequestHeaders(): Headers {
    return {};
  }

  setResponseHeaders(): void {}

  async setResponse(response: ServerResponse): Promise<void> {
    this.response = response;
  }

  fail(error: Error): void {
    this.error = error;
  }
}

/** One turn through `app.handle`, the way a warm Lambda container runs it. */
export async function handleInMemory<T = unknown>(app: App, envelope: unknown): Promise<T> {
  const server = new InMemoryServer(envelope as Record<string, unknown>);
  await app.handle(server);
  if (server.error) throw server.error;
  if (server.response === undefined) throw new Error('the app answered nothing');
  return server.response as T;
}
