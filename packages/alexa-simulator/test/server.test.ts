import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { RunningSimulator, SimulatorOptions, startSimulator } from '../src/server';

/**
 * Who the simulator answers. Its API returns the transcript (a linked user's name and email) and
 * drives linking, so it answers only this machine, by its own name: not a caller elsewhere on the
 * network, and not a web page that rebinds its DNS name to 127.0.0.1 (the browser then still sends
 * that page's name in Host).
 */
const OPTIONS: SimulatorOptions = {
  port: 0,
  skillEndpoint: 'http://127.0.0.1:9/skill',
  skillId: 'amzn1.ask.skill.cafe',
  models: { dir: join(__dirname, 'fixtures', 'alexa') },
  accountLinking: {
    type: 'AUTH_CODE',
    authorizationUrl: 'http://127.0.0.1:9/authorize',
    accessTokenUrl: 'http://127.0.0.1:9/token',
    clientId: 'cafe',
    scopes: [],
    accessTokenScheme: 'HTTP_BASIC',
  },
};

/** A raw HTTP request, so that the Host header is exactly what a hostile page or host would send. */
function get(address: string, port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: address, port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

function post(port: number, path: string, headers: Record<string, string>, body: string) {
  return fetch(`http://localhost:${port}${path}`, { method: 'POST', headers, body });
}

let simulator: RunningSimulator;
let port: number;

beforeAll(async () => {
  simulator = await startSimulator(OPTIONS);
  port = Number(new URL(simulator.url).port);
});
afterAll(() => simulator.close());

describe('the simulator answers only this machine, by its own name', () => {
  it('serves its state to localhost, 127.0.0.1 and [::1] on its port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const answer = await get('127.0.0.1', port, '/api/state', { host });
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
      expect(JSON.parse(answer.body)).toMatchObject({ locale: 'en-US', link: { linked: false } });
    }
  });

  it('refuses a Host header that names another site (DNS rebinding) or another port, on every path', async () => {
    for (const host of [`rebind.attacker.example:${port}`, `localhost:${port + 1}`, 'localhost']) {
      for (const path of ['/api/state', '/', '/callback?code=c&state=s', '/link']) {
        const answer = await get('127.0.0.1', port, path, { host });
        expect({ host, path, status: answer.status }).toEqual({ host, path, status: 403 });
        expect(answer.body).not.toContain('transcript');
      }
    }
  });

  it('refuses a caller whose address is not loopback, whatever Host it sends', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && !address.internal && address.family === 'IPv4');
    if (!external) throw new Error('this test needs a non-loopback IPv4 interface to connect from');
    const exposed = await startSimulator({ ...OPTIONS, host: external.address });
    try {
      const exposedPort = Number(new URL(exposed.url).port);
      for (const host of [`localhost:${exposedPort}`, `${external.address}:${exposedPort}`]) {
        const answer = await get(external.address, exposedPort, '/api/state', { host });
        expect({ host, status: answer.status }).toEqual({ host, status: 403 });
      }
    } finally {
      await exposed.close();
    }
  });

  it('takes state changes only from its own page (JSON, no foreign Origin) and says what is wrong with bad input', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await post(port, '/api/unlink', { ...json, origin: 'http://evil.example' }, '{}')).status).toBe(403);
    expect((await post(port, '/api/unlink', { ...json, origin: `http://localhost:${port}` }, '{}')).status).toBe(200);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await post(port, '/api/say', form, 'text=stop')).status).toBe(415);
    const nothing = await post(port, '/api/say', json, '{"text":" "}');
    expect([nothing.status, await nothing.json()]).toEqual([400, { error: 'say something' }]);
    expect((await post(port, '/api/say', json, '{"text":')).status).toBe(400);
    const locale = await post(port, '/api/locale', json, '{"locale":"fr-FR"}');
    expect([locale.status, await locale.json()]).toEqual([400, { error: 'no interaction model for fr-FR (en-US)' }]);
  });
});
