/**
 * The one logger of the skill: JSON lines, levels, and redaction as a last line of defence.
 * Callers never log tokens or emails on purpose; redaction catches what slips through
 * (an SDK error message that quotes a token, an email inside a field), because a leaked
 * access token is a working credential until it expires.
 *
 * Not Powertools' Logger: this one already writes one JSON line per event with the redaction the
 * skill needs, in about 1.2 KB of the minified bundle; Powertools' Logger 2.36 adds about 35 KB
 * (esbuild, minified) for features the skill does not use (sampling, context injection, buffering).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass a collector to prove nothing secret is written. */
  write?: (line: string) => void;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

// A JWT (three base64url parts) or any long opaque credential-like run, and email addresses.
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const SECRET_KEY_PATTERN = /token|password|secret|authorization|cookie|^e-?mail(address)?$|^code$/i;

export function redactText(text: string): string {
  return text.replace(JWT_PATTERN, '[redacted-token]').replace(EMAIL_PATTERN, '[redacted-email]');
}

function redactValue(key: string, value: unknown, depth: number): unknown {
  if (value === undefined || value === null) return value;
  if (SECRET_KEY_PATTERN.test(key) && typeof value !== 'boolean' && typeof value !== 'number') {
    return '[redacted]';
  }
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) return describeError(value);
  if (depth > 4) return '[nested]';
  if (Array.isArray(value)) return value.map((item) => redactValue('', item, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value as Record<string, unknown>)) {
      out[childKey] = redactValue(childKey, child, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * An error as it may be logged: its name and the code locations of its stack. Not its message: a
 * message may quote request text (Jovo's "Could not find component <name from the session>"), and
 * anything a caller put in a request could be a password or a token.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: typeof error };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 5)
    .map((line) => redactText(line.trim()));
  return { name: error.name, stack: frames.length > 0 ? frames : undefined };
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVEL_RANK[options.level];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const log = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (LEVEL_RANK[level] < threshold) return;
    const entry = {
      time: new Date().toISOString(),
      level,
      msg: redactText(message),
      ...(fields ? (redactValue('', fields, 0) as LogFields) : {}),
    };
    write(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}
