/**
 * One JSON line per request — method, path (never the query: it holds codes and state), Cognito
 * operation, status, duration — at debug level, so the service is quiet unless asked. Bodies, headers,
 * tokens, passwords, emails and codes are never passed to the logger; its redaction is a second net.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger, describeError, Logger, LogLevel } from '../../src/logger';

export type { Logger, LogLevel };

export interface RequestRecord {
  operation?: string;
  dropped?: boolean;
  /** An unexpected (non-Cognito) error, logged by name and redacted message only. */
  error?: unknown;
}

export function defaultLogger(level: LogLevel = 'warn'): Logger {
  return createLogger({ level });
}

export function trackRequest(req: IncomingMessage, res: ServerResponse, path: string, logger: Logger): RequestRecord {
  const started = process.hrtime.bigint();
  const record: RequestRecord = {};
  res.once('close', () => {
    const fields = {
      method: req.method,
      path,
      op: record.operation,
      status: record.dropped ? 'dropped' : res.statusCode,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
    };
    if (record.error) logger.error('request failed', { ...fields, error: describeError(record.error) });
    else logger.debug('request', fields);
  });
  return record;
}
