/** Raw HTTP to the skill server, as Alexa (or anyone else) could send it. */
export interface RawReply {
  status: number;
  body: unknown;
  ms: number;
}

export async function postRaw(url: string, body: string, headers: Record<string, string> = {}): Promise<RawReply> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Left as text: the caller asserts on the status.
  }
  return { status: res.status, body: parsed, ms: performance.now() - started };
}

/** Speech of an Alexa response body, without SSML tags ('' when there is none). */
export function spoken(body: unknown): string {
  const speech = (body as { response?: { outputSpeech?: { ssml?: string; text?: string } } })?.response?.outputSpeech;
  return (speech?.ssml ?? speech?.text ?? '').replace(/<[^>]+>/g, '').trim();
}

/** A closed port on loopback: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
