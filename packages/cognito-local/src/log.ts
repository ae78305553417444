/**
 * The service's one logger: JSON lines, quiet by default. Callers pass only values the service knows
 * (its own route and operation names, statuses, durations), never request text; redaction of JWTs,
 * emails and secret-named fields, and cutting long strings, is a second net against mistakes.
 */
import { ServerResponse } from 'node:http';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
/** Scalars only: no objects, so no request body or header can be logged by passing it along. */
type LogFields = Record<string, string | number | boolean | null | undefined>;
export type Logger = Record<Exclude<LogLevel, 'silent'>, (message: string, fields?: LogFields) => void>;
const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
export const LOG_LEVELS = Object.keys(LEVEL_RANK) as LogLevel[];
export const isLogLevel = (value: string): value is LogLevel => value in LEVEL_RANK;
const MAX_STRING = 120;
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const SECRET_KEY_PATTERN = /token|password|secret|authorization|cookie|csrf|e-?mail|^code$|state|nonce/i;

export function redactText(text: string): string {
  const redacted = text.replace(JWT_PATTERN, '[redacted-token]').replace(EMAIL_PATTERN, '[redacted-email]');
  return redacted.length > MAX_STRING ? `${redacted.slice(0, MAX_STRING)}…` : redacted;
}

/**
 * An unexpected error as its type and where it was thrown: never its message, which may quote the
 * request that caused it (a JSON parser's message, for instance, can contain the body).
 */
export function describeError(error: unknown): LogFields {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const type = /^[A-Za-z_$][\w$]{0,63}$/.test(error.name) ? error.name : 'Error';
  const frame = (error.stack ?? '').split('\n').find((line) => line.trimStart().startsWith('at '));
  const where = frame ? /\(?([^()\s]+:\d+:\d+)\)?$/.exec(frame.trim())?.[1] : undefined;
  return { errorType: type, at: where?.slice(-MAX_STRING) };
}

const redactField = (key: string, value: LogFields[string]) =>
  typeof value !== 'string' ? value : SECRET_KEY_PATTERN.test(key) ? '[redacted]' : redactText(value);

/** `write` is where lines go, stdout by default; tests pass a collector to prove nothing secret is written. */
export function createLogger(level: LogLevel = 'warn', write = (line: string) => console.log(line)): Logger {
  const at =
    (lineLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: LogFields = {}) => {
      if (LEVEL_RANK[lineLevel] < LEVEL_RANK[level]) return;
      const entry: LogFields = { time: new Date().toISOString(), level: lineLevel, msg: redactText(message) };
      for (const [key, value] of Object.entries(fields)) entry[key] = redactField(key, value);
      write(JSON.stringify(entry));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** `operation`: a Cognito operation this service implements, or 'unknown'; `error`: an unexpected one. */
export type RequestRecord = { operation?: string; dropped?: boolean; error?: unknown };

/**
 * One line per request at debug level: the route as this service names it (a key of its own route
 * table, or a fixed word), the operation, status and duration. Never the path, query or target the
 * client sent: those are request text (the query holds codes and state).
 */
export function trackRequest(res: ServerResponse, route: string, logger: Logger): RequestRecord {
  const started = process.hrtime.bigint();
  const record: RequestRecord = {};
  res.once('close', () => {
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
    const fields = { route, op: record.operation, status: record.dropped ? 'dropped' : res.statusCode, ms };
    if (record.error) logger.error('request failed', { ...fields, ...describeError(record.error) });
    else logger.debug('request', fields);
  });
  return record;
}
