/**
 * /_local/*: health, GetUser counters and fault injection for tests and benchmarks. Not part of
 * Cognito; answered to loopback clients only, even if the service is bound to another interface.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector } from './faultInjector';
import { InvalidFaultsError } from './faults';
import { isLoopback, readBody, sendJson } from './http';

export async function handleLocalAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  faults: FaultInjector,
): Promise<void> {
  if (!isLoopback(req)) return sendJson(res, 403, { error: 'local admin endpoints answer loopback clients only' });
  const route = `${req.method} ${path}`;
  switch (route) {
    case 'GET /_local/health':
      return sendJson(res, 200, { ok: true });
    case 'GET /_local/stats':
      return sendJson(res, 200, faults.stats());
    case 'POST /_local/stats/reset':
      faults.resetStats();
      return sendJson(res, 200, faults.stats());
    case 'GET /_local/faults':
      return sendJson(res, 200, faults.current);
    case 'PUT /_local/faults':
      try {
        return sendJson(res, 200, faults.set(JSON.parse((await readBody(req)) || '{}')));
      } catch (error) {
        const message = error instanceof InvalidFaultsError ? error.message : 'body must be a JSON object';
        return sendJson(res, 400, { error: message });
      }
    case 'DELETE /_local/faults':
      faults.clear();
      return sendJson(res, 200, faults.current);
    default:
      return sendJson(res, 404, { error: `no local admin endpoint ${route}` });
  }
}
