import { describe, expect, test } from '@jest/globals';
import { createLogger, describeError } from '../src/log';

/** The identity service's own logger: what it writes when a caller slips, and when an error has a message. */
describe('the identity logger', () => {
  const collect = () => {
    const lines: string[] = [];
    return { lines, logger: createLogger('debug', (line) => void lines.push(line)) };
  };
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

  test('never writes tokens, emails, secrets, passwords, codes, state or cookies, even when handed them', () => {
    const { lines, logger } = collect();
    logger.info(`sign-in for alice@example.com with ${jwt}`, {
      accessToken: jwt,
      refresh_token: 'opaque-refresh-token-value',
      clientSecret: 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6',
      password: 'Alice-Demo-1!',
      code: 'authorization-code-value',
      state: 'state-value',
      cookie: 'XSRF-TOKEN=abc',
      note: `mail alice@example.com token ${jwt}`,
      route: 'POST /oauth2/token',
      status: 200,
    });
    const line = lines.join('\n');
    for (const secret of [
      jwt,
      'alice@example.com',
      'opaque-refresh-token-value',
      'a1b2c3d4e5f6',
      'Alice-Demo-1!',
      'authorization-code-value',
      'state-value',
      'XSRF-TOKEN=abc',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({ level: 'info', route: 'POST /oauth2/token', status: 200 });
  });

  test('cuts long strings, so a caller cannot write a whole request by mistake', () => {
    const { lines, logger } = collect();
    logger.debug('request', { route: 'x'.repeat(5000) });
    expect(lines[0].length).toBeLessThan(400);
  });

  test('an error is its type and where it was thrown, never its message', () => {
    const error = new SyntaxError('Unexpected token in JSON at position 9: {"password":"Alice-Demo-1!"}');
    const fields = describeError(error);
    expect(fields.errorType).toBe('SyntaxError');
    expect(fields.at).toMatch(/log\.test\.ts:\d+:\d+$/);
    expect(JSON.stringify(fields)).not.toContain('Alice-Demo-1!');
  });

  test('levels: below the threshold nothing is written; silent writes nothing at all', () => {
    const lines: string[] = [];
    createLogger('warn', (line) => void lines.push(line)).info('hidden');
    createLogger('silent', (line) => void lines.push(line)).error('hidden');
    expect(lines).toEqual([]);
  });
});
