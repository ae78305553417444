import { createLogger, Logger } from '../../../src/logger';

/**
 * Everything a run writes where an operator could read it: the skill's logger, the identity
 * service's logger, console.* and the process's stdout/stderr. Privacy assertions read `text()`.
 */
export interface LogCapture {
  skillLogger: Logger;
  identityLogger: Logger;
  lines: string[];
  text(): string;
  /** Stops spying on console and the process streams (lines kept). */
  restore(): void;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const collect = (line: string) => void lines.push(line);
  const restorers: (() => void)[] = [];

  // Plain patching, not jest.spyOn: the full runs (`npm run test:faults`) use this outside jest.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      collect(args.map((arg) => (typeof arg === 'string' ? arg : safeStringify(arg))).join(' '));
    };
    restorers.push(() => {
      console[method] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    // Collected and still passed through: the figures tables must reach the terminal.
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restorers.push(() => {
      stream.write = original as typeof stream.write;
    });
  }

  return {
    // Debug level: the most the skill and the service ever write, so the assertion means something.
    skillLogger: createLogger({ level: 'debug', write: collect }),
    identityLogger: createLogger({ level: 'debug', write: collect }),
    lines,
    text: () => lines.join('\n'),
    restore: () => restorers.splice(0).forEach((restore) => restore()),
  };
}

function safeStringify(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}\n${value.stack}` : JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** What must never appear in any log line. */
export interface Secrets {
  tokens: string[];
  emails: string[];
  passwords: string[];
}

/** The secrets found in the captured text (empty when the logs are clean). */
export function secretsIn(text: string, secrets: Secrets): string[] {
  const found: string[] = [];
  for (const token of secrets.tokens.filter(Boolean)) {
    // A token's signature part alone is enough to spot a leak, even when a line was cut.
    const signature = token.split('.').pop() ?? token;
    if (text.includes(token) || (signature.length >= 20 && text.includes(signature))) found.push('a token');
  }
  for (const email of secrets.emails) if (text.toLowerCase().includes(email.toLowerCase())) found.push(email);
  for (const password of secrets.passwords) if (text.includes(password)) found.push('a password');
  return found;
}
