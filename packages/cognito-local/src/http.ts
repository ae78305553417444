/** The few HTTP helpers the service needs on top of node:http (no framework: every byte is visible). */
import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestTooLargeException } from './errors';
import type { ServiceContext } from './index';

/** Far above any Cognito request or sign-in form; a bigger body is refused before it is buffered. */
const MAX_BODY_BYTES = 64 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const tooLarge = () => new RequestTooLargeException(`Request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Form fields as a plain object; a repeated field keeps its first value (the fields are read backwards). */
export const parseForm = (body: string): Record<string, string> =>
  Object.fromEntries([...new URLSearchParams(body)].reverse());

export const queryOf = (req: IncomingMessage) => parseForm(new URL(req.url ?? '/', 'http://local').search.slice(1));
export const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://local').pathname;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json;charset=UTF-8', ...headers });
}

/** HTML pages: no caching, no framing, no scripts at all (the pages work without JavaScript). */
export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) {
  send(res, status, html, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...headers,
  });
}

const send = (res: ServerResponse, status: number, text: string, headers: Record<string, string>) =>
  res
    .writeHead(status, { 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers })
    .end(text);

export const redirect = (res: ServerResponse, location: string, headers: Record<string, string> = {}) =>
  void send(res, 302, '', { location, ...headers });

/** One cookie's raw value (the service sets only base64url values, so no decoding is needed). */
export const cookieOf = (req: IncomingMessage, name: string) =>
  new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(req.headers.cookie ?? '')?.[1];

/** Host header values that name this service: each of its names with the listening port. */
export function ownHostNames(host: string, port: number): Set<string> {
  const names = ['localhost', '127.0.0.1', '[::1]', host.includes(':') ? `[${host}]` : host];
  return new Set(names.map((name) => `${name.toLowerCase()}:${port}`));
}

/**
 * Why this request may not use the admin surface, or undefined when it may. Admin* and the pool, client
 * and domain operations need IAM credentials in AWS (DescribeUserPoolClient returns the secret), /_local/*
 * is not Cognito: they answer a socket from loopback whose Host header names this service. The Host check
 * stops a web page whose DNS name was rebound to 127.0.0.1 from using the developer's browser to get in.
 * Sign-in (InitiateAuth, GetUser, the Hosted UI) stays open to the network it listens on, for phones.
 */
export function adminRefusal(req: IncomingMessage, { ownHosts }: Pick<ServiceContext, 'ownHosts'>): string | undefined {
  if (!LOOPBACK.test(req.socket.remoteAddress ?? ''))
    return 'Admin operations answer callers on this machine (loopback) only.';
  if (ownHosts.has(String(req.headers.host).toLowerCase())) return undefined;
  return `Admin operations answer requests for this service's own names only (Host ${[...ownHosts][1]}).`;
}

/** A peer on this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
const LOOPBACK = /^((::ffff:)?127\.\d+\.\d+\.\d+|::1)$/;
