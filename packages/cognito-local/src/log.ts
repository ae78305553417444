/**
 * The identity service's logger: JSON lines with levels, quiet by default. Callers pass only bounded
 * values the service itself knows — route and operation names from its own tables, status codes,
 * durations, ids, lengths, error types — never text taken from a request. Redaction is a second net:
 * JWTs, email addresses and secret-named fields are replaced, and every string is cut short, so even
 * a mistake cannot write a token, password, email, code or client secret to the log.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Scalars only: no objects, so no request body or header can be logged by passing it along. */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; default stdout. Tests pass a collector to prove nothing secret is written. */
  write?: (line: string) => void;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
export const LOG_LEVELS = Object.keys(LEVEL_RANK) as LogLevel[];

const MAX_STRING = 120;
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const SECRET_KEY_PATTERN = /token|password|secret|authorization|cookie|csrf|e-?mail|^code$|state|nonce/i;

export function redactText(text: string): string {
  const redacted = text.replace(JWT_PATTERN, '[redacted-token]').replace(EMAIL_PATTERN, '[redacted-email]');
  return redacted.length > MAX_STRING ? `${redacted.slice(0, MAX_STRING)}…` : redacted;
}

function redactField(key: string, value: LogValue): LogValue {
  if (typeof value === 'string') return SECRET_KEY_PATTERN.test(key) ? '[redacted]' : redactText(value);
  return value;
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
  return { errorType: type, at: where ? where.slice(-MAX_STRING) : undefined };
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVEL_RANK[options.level];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const log = (level: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields = {}) => {
    if (LEVEL_RANK[level] < threshold) return;
    const entry: Record<string, LogValue> = { time: new Date().toISOString(), level, msg: redactText(message) };
    for (const [key, value] of Object.entries(fields)) entry[key] = redactField(key, value);
    write(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as string[]).includes(value);
}
