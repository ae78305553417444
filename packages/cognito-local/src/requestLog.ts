/**
 * One JSON line per request at debug level: the route and Cognito operation as this service names
 * them ('unknown' for anything else), status and duration. Never the path, query, method or target
 * the client sent — those are request text (the query holds codes and state) — and never bodies,
 * headers, tokens, passwords, emails or codes.
 */
import { ServerResponse } from 'node:http';
import { createLogger, describeError, Logger, LogLevel } from './log';

export type { Logger, LogLevel };

export interface RequestRecord {
  /** A Cognito operation this service implements, or 'unknown'. */
  operation?: string;
  dropped?: boolean;
  /** An unexpected (non-Cognito) error, logged by type and code location only. */
  error?: unknown;
}

export function defaultLogger(level: LogLevel = 'warn'): Logger {
  return createLogger({ level });
}

/** @param route a key of the service's own route table, or a fixed word ('unknown', 'local-admin'). */
export function trackRequest(res: ServerResponse, route: string, logger: Logger): RequestRecord {
  const started = process.hrtime.bigint();
  const record: RequestRecord = {};
  res.once('close', () => {
    const fields = {
      route,
      op: record.operation,
      status: record.dropped ? 'dropped' : res.statusCode,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
    };
    if (record.error) logger.error('request failed', { ...fields, ...describeError(record.error) });
    else logger.debug('request', fields);
  });
  return record;
}
